"""The daily records become ledgers: code (slip / weighbridge ticket), region, city, timestamps.

Existing rows get their columns filled in SQL (a year of the city is ~900,000 collections):
a collection's region is its village and its code the village code + the day (YYMMDD) + its
two-digit sequence of the day; a transfer's region is its station's and its code the old
weighbridge ticket where that was given and unique, else ``WT`` + its id.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

COLLECTION_SQL = {
    "sqlite": """
        UPDATE waste_collection SET
            region_id = village_id,
            city_id = (SELECT r.city_id FROM regions_region r
                       WHERE r.id = waste_collection.village_id),
            code = (SELECT r.code FROM regions_region r WHERE r.id = waste_collection.village_id)
                || substr(collected_on, 3, 2) || substr(collected_on, 6, 2)
                || substr(collected_on, 9, 2)
                || substr('00' || (
                    SELECT COUNT(*) FROM waste_collection c
                    WHERE c.village_id = waste_collection.village_id
                      AND c.collected_on = waste_collection.collected_on
                      AND c.id <= waste_collection.id), -2)
    """,
    "postgresql": """
        UPDATE waste_collection w SET
            region_id = w.village_id,
            city_id = r.city_id,
            code = r.code || to_char(w.collected_on, 'YYMMDD') || lpad(s.n::text, 2, '0')
        FROM regions_region r, (
            SELECT id, row_number() OVER (
                PARTITION BY village_id, collected_on ORDER BY id) AS n
            FROM waste_collection
        ) s
        WHERE r.id = w.village_id AND s.id = w.id
    """,
}
TRANSFER_SQL = """
    UPDATE waste_transfer SET
        region_id = (SELECT s.region_id FROM waste_transferstation s
                     WHERE s.id = waste_transfer.station_id),
        code = CASE WHEN ticket_no <> '' AND ticket_no IN (
                    SELECT ticket_no FROM waste_transfer GROUP BY ticket_no HAVING COUNT(*) = 1)
               THEN ticket_no ELSE 'WT' || CAST(id AS TEXT) END
"""
TRANSFER_ANCESTORS_SQL = """
    UPDATE waste_transfer SET
        city_id = (SELECT r.city_id FROM regions_region r WHERE r.id = waste_transfer.region_id),
        village_id = (SELECT r.village_id FROM regions_region r
                      WHERE r.id = waste_transfer.region_id)
"""


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(COLLECTION_SQL["postgresql" if vendor == "postgresql" else "sqlite"])
        cursor.execute(TRANSFER_SQL)
        cursor.execute(TRANSFER_ANCESTORS_SQL)
        if vendor == "postgresql":
            # Check the updated foreign keys now: PostgreSQL refuses the ALTER TABLEs that follow
            # in this transaction while deferred constraint checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _region(null=True, **extra):
    return models.ForeignKey(
        db_index=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="regions.region",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("waste", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="collection",
            name="code",
            field=models.CharField(default="", max_length=32, verbose_name="collection slip"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="collection",
            name="region",
            field=_region(verbose_name="village"),
        ),
        migrations.AddField(
            model_name="collection", name="city", field=_region(editable=False)
        ),
        migrations.AddField(
            model_name="collection",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="collection",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="transfer",
            name="code",
            field=models.CharField(default="", max_length=32, verbose_name="weighbridge ticket"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="transfer", name="region", field=_region(verbose_name="region")
        ),
        migrations.AddField(model_name="transfer", name="city", field=_region(editable=False)),
        migrations.AddField(
            model_name="transfer", name="village", field=_region(editable=False)
        ),
        migrations.AddField(
            model_name="transfer",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="created"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="transfer",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="transfer", name="ticket_no"),
    ]
