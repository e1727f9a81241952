"""The database keeps ``households_householdtally`` current: triggers on every household write.

SQLite: row triggers (an UPSERT per inserted row, an UPDATE per deleted one). PostgreSQL:
statement triggers over transition tables, one GROUP BY per statement, so a COPY of 100,000 rows
costs one aggregate, not 100,000 trigger calls. Both start by tallying the rows already there.
"""

from django.db import migrations

TALLY = "households_householdtally"
COLUMNS = "village_id, city_id, county_id, town_id, households, people, away, low_income"
# On conflict: add the new parts, and take the village's current ancestors.
ADD = """ON CONFLICT (village_id) DO UPDATE SET
    households = households_householdtally.households + excluded.households,
    people = households_householdtally.people + excluded.people,
    away = households_householdtally.away + excluded.away,
    low_income = households_householdtally.low_income + excluded.low_income,
    city_id = excluded.city_id, county_id = excluded.county_id, town_id = excluded.town_id"""

SQLITE_ADD_NEW = f"""INSERT INTO {TALLY} ({COLUMNS}) VALUES (NEW.village_id, NEW.city_id,
    NEW.county_id, NEW.town_id, 1, NEW.members, NEW.status = 'away', NEW.low_income) {ADD};"""
SQLITE_TAKE_OLD = f"""UPDATE {TALLY} SET households = households - 1,
    people = people - OLD.members, away = away - (OLD.status = 'away'),
    low_income = low_income - OLD.low_income WHERE village_id = OLD.village_id;"""
SQLITE_FILL = f"""INSERT INTO {TALLY} ({COLUMNS}) SELECT village_id, MAX(city_id), MAX(county_id),
    MAX(town_id), COUNT(*), SUM(members), SUM(status = 'away'), SUM(low_income)
    FROM households_household WHERE village_id IS NOT NULL GROUP BY village_id;"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER households_tally_insert AFTER INSERT ON households_household
    WHEN NEW.village_id IS NOT NULL BEGIN {SQLITE_ADD_NEW} END;""",
    f"""CREATE TRIGGER households_tally_delete AFTER DELETE ON households_household
    WHEN OLD.village_id IS NOT NULL BEGIN {SQLITE_TAKE_OLD} END;""",
    f"""CREATE TRIGGER households_tally_update AFTER UPDATE OF village_id, city_id, county_id,
    town_id, members, status, low_income ON households_household BEGIN
    {SQLITE_TAKE_OLD.replace("WHERE", "WHERE OLD.village_id IS NOT NULL AND")}
    INSERT INTO {TALLY} ({COLUMNS}) SELECT NEW.village_id, NEW.city_id, NEW.county_id,
    NEW.town_id, 1, NEW.members, NEW.status = 'away', NEW.low_income
    WHERE NEW.village_id IS NOT NULL {ADD}; END;""",
]
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS households_tally_insert;",
    "DROP TRIGGER IF EXISTS households_tally_delete;",
    "DROP TRIGGER IF EXISTS households_tally_update;",
]
SQLITE = [SQLITE_FILL, *SQLITE_TRIGGERS]
SQLITE_REVERSE = [*SQLITE_DROP_TRIGGERS, f"DELETE FROM {TALLY};"]


def _pg_add(rows: str) -> str:
    return f"""INSERT INTO {TALLY} ({COLUMNS}) SELECT village_id, MAX(city_id), MAX(county_id),
    MAX(town_id), COUNT(*), COALESCE(SUM(members), 0), COUNT(*) FILTER (WHERE status = 'away'),
    COUNT(*) FILTER (WHERE low_income) FROM {rows} WHERE village_id IS NOT NULL
    GROUP BY village_id {ADD};"""


PG_TAKE_OLD = f"""UPDATE {TALLY} AS t SET households = t.households - o.households,
    people = t.people - o.people, away = t.away - o.away, low_income = t.low_income - o.low_income
    FROM (SELECT village_id, COUNT(*) AS households, COALESCE(SUM(members), 0) AS people,
          COUNT(*) FILTER (WHERE status = 'away') AS away,
          COUNT(*) FILTER (WHERE low_income) AS low_income
          FROM old_rows WHERE village_id IS NOT NULL GROUP BY village_id) AS o
    WHERE t.village_id = o.village_id;"""

POSTGRES = [
    _pg_add("households_household"),
    f"""CREATE FUNCTION households_tally_insert() RETURNS trigger AS $$
    BEGIN {_pg_add("new_rows")} RETURN NULL; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE FUNCTION households_tally_delete() RETURNS trigger AS $$
    BEGIN {PG_TAKE_OLD} RETURN NULL; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE FUNCTION households_tally_update() RETURNS trigger AS $$
    BEGIN {PG_TAKE_OLD} {_pg_add("new_rows")} RETURN NULL; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER households_tally_insert AFTER INSERT ON households_household
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION households_tally_insert();""",
    """CREATE TRIGGER households_tally_delete AFTER DELETE ON households_household
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION households_tally_delete();""",
    """CREATE TRIGGER households_tally_update AFTER UPDATE ON households_household
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION households_tally_update();""",
]
POSTGRES_REVERSE = [
    *(
        f"DROP TRIGGER IF EXISTS households_tally_{op} ON households_household;"
        for op in ("insert", "delete", "update")
    ),
    *(f"DROP FUNCTION IF EXISTS households_tally_{op}();" for op in ("insert", "delete", "update")),
    f"DELETE FROM {TALLY};",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}[schema_editor.connection.vendor]
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}[vendor]
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("households", "0002_tally")]
    operations = [migrations.RunPython(forwards, backwards)]
