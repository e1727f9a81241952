"""Audit changes as written: ``json`` instead of ``jsonb`` on PostgreSQL.

SQLite's column stays the same JSON text; Django would still rebuild the table for the new
field class, which would drop its append-only trigger, so only PostgreSQL's column is altered
here and the field is changed in the migration state alone.
"""

from django.db import migrations

import renju.core.models.fields


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_auditevent ALTER COLUMN changes TYPE json")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE core_auditevent ALTER COLUMN changes TYPE jsonb USING changes::jsonb"
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_ancestor_fields")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="changes",
                    field=renju.core.models.fields.JSONTextField(
                        blank=True, default=dict, verbose_name="changes"
                    ),
                ),
            ],
        )
    ]
