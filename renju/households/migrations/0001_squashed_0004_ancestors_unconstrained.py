"""households.0001_initial … 0004_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import importlib
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

_REPLACED_0 = importlib.import_module("renju.households.migrations.0003_tally_triggers")


class Migration(migrations.Migration):
    replaces = [
        ("households", "0001_initial"),
        ("households", "0002_tally"),
        ("households", "0003_tally_triggers"),
        ("households", "0004_ancestors_unconstrained"),
    ]

    initial = True

    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Household",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "code",
                    models.CharField(
                        help_text="Village code (12 digits) + 4-digit number.",
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{16}(\\d{3})?$", "16 or 19 digits"
                            )
                        ],
                        verbose_name="household code",
                    ),
                ),
                ("head_name", models.CharField(max_length=50, verbose_name="head of household")),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[0-9+\\-]{5,20}$", "digits only"
                            )
                        ],
                        verbose_name="phone",
                    ),
                ),
                (
                    "members",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="members",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("resident", "resident"), ("away", "away")],
                        default="resident",
                        max_length=16,
                        verbose_name="residence",
                    ),
                ),
                (
                    "low_income",
                    models.BooleanField(default=False, verbose_name="low-income household"),
                ),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                (
                    "city",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "household",
                "verbose_name_plural": "households",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="household_county_id"),
                    models.Index(fields=["town", "id"], name="household_town_id"),
                    models.Index(fields=["village", "id"], name="household_village_id"),
                    models.Index(fields=["region", "id"], name="household_region_id"),
                    models.Index(
                        fields=["county", "members", "id"], name="household_county_members"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="household_code_unique",
                        violation_error_message="A household with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HouseholdTally",
            fields=[
                (
                    "village",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="regions.region",
                    ),
                ),
                ("households", models.BigIntegerField(default=0)),
                ("people", models.BigIntegerField(default=0)),
                ("away", models.BigIntegerField(default=0)),
                ("low_income", models.BigIntegerField(default=0)),
                (
                    "city",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "household tally",
                "verbose_name_plural": "household tallies",
                "indexes": [
                    models.Index(fields=["county"], name="household_tally_county"),
                    models.Index(fields=["town"], name="household_tally_town"),
                ],
            },
        ),
        migrations.RunPython(
            code=_REPLACED_0.forwards,
            reverse_code=_REPLACED_0.backwards,
        ),
    ]
