"""livestock.0001_initial … 0002_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("livestock", "0001_initial"), ("livestock", "0002_ancestors_unconstrained")]

    initial = True

    dependencies = [
        ("accounts", "__first__"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Farm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=32, verbose_name="code")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("name", models.CharField(max_length=100, verbose_name="farm name")),
                (
                    "operator",
                    models.CharField(
                        help_text="The company, cooperative or person running the farm.",
                        max_length=100,
                        verbose_name="operator",
                    ),
                ),
                (
                    "species",
                    models.CharField(
                        choices=[
                            ("pig", "pigs"),
                            ("dairy_cattle", "dairy cattle"),
                            ("beef_cattle", "beef cattle"),
                            ("sheep_goat", "sheep and goats"),
                            ("layer", "laying hens"),
                            ("broiler", "broilers"),
                            ("duck_goose", "ducks and geese"),
                        ],
                        max_length=16,
                        verbose_name="species",
                    ),
                ),
                (
                    "head_count",
                    models.PositiveIntegerField(
                        help_text="Stock on hand (存栏).",
                        validators=[django.core.validators.MaxValueValidator(10000000)],
                        verbose_name="head count",
                    ),
                ),
                (
                    "capacity",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(10000000)],
                        verbose_name="capacity (head)",
                    ),
                ),
                (
                    "storage_m3",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=9,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="manure storage (m³)",
                    ),
                ),
                (
                    "facilities",
                    models.CharField(
                        blank=True,
                        help_text="e.g. dry-manure shed, sewage tank, biogas digester, composting plant.",
                        max_length=300,
                        verbose_name="manure facilities",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "in production"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="active",
                        max_length=12,
                        verbose_name="status",
                    ),
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
                "verbose_name": "livestock farm",
                "verbose_name_plural": "livestock farms",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="farm_county_id"),
                    models.Index(fields=["town", "id"], name="farm_town_id"),
                    models.Index(fields=["village", "id"], name="farm_village_id"),
                    models.Index(fields=["region", "id"], name="farm_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="livestock_farm_code_unique",
                        violation_error_message="A farm with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="DeadAnimalDisposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=32, verbose_name="code")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("disposed_on", models.DateField(verbose_name="date")),
                (
                    "species",
                    models.CharField(
                        choices=[
                            ("pig", "pigs"),
                            ("dairy_cattle", "dairy cattle"),
                            ("beef_cattle", "beef cattle"),
                            ("sheep_goat", "sheep and goats"),
                            ("layer", "laying hens"),
                            ("broiler", "broilers"),
                            ("duck_goose", "ducks and geese"),
                        ],
                        max_length=16,
                        verbose_name="species",
                    ),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1000000),
                        ],
                        verbose_name="number of animals",
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("incineration", "incineration"),
                            ("rendering", "rendering"),
                            ("high_temperature", "high-temperature treatment"),
                            ("deep_burial", "deep burial"),
                            ("chemical", "chemical treatment"),
                            ("fermentation", "fermentation"),
                        ],
                        max_length=20,
                        verbose_name="method",
                    ),
                ),
                (
                    "disposer",
                    models.CharField(
                        help_text="e.g. the county's harmless disposal centre.",
                        max_length=100,
                        verbose_name="disposed of by",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
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
                (
                    "farm",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disposals",
                        to="livestock.farm",
                        verbose_name="farm",
                    ),
                ),
            ],
            options={
                "verbose_name": "dead-animal disposal",
                "verbose_name_plural": "dead-animal disposals",
                "ordering": ["-disposed_on", "-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="deadanimaldisposal_county_id"),
                    models.Index(fields=["town", "id"], name="deadanimaldisposal_town_id"),
                    models.Index(fields=["village", "id"], name="deadanimaldisposal_village_id"),
                    models.Index(fields=["region", "id"], name="deadanimaldisposal_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="livestock_disposal_code_unique",
                        violation_error_message="A record with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="HouseholdLivestock",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=32, verbose_name="code")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "species",
                    models.CharField(
                        choices=[
                            ("pig", "pigs"),
                            ("dairy_cattle", "dairy cattle"),
                            ("beef_cattle", "beef cattle"),
                            ("sheep_goat", "sheep and goats"),
                            ("layer", "laying hens"),
                            ("broiler", "broilers"),
                            ("duck_goose", "ducks and geese"),
                        ],
                        max_length=16,
                        verbose_name="species",
                    ),
                ),
                (
                    "head_count",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MaxValueValidator(10000000)],
                        verbose_name="head count",
                    ),
                ),
                (
                    "households",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MaxValueValidator(100000)],
                        verbose_name="households keeping them",
                    ),
                ),
                ("counted_on", models.DateField(blank=True, null=True, verbose_name="counted on")),
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
                "verbose_name": "household livestock",
                "verbose_name_plural": "household livestock",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="householdlivestock_county_id"),
                    models.Index(fields=["town", "id"], name="householdlivestock_town_id"),
                    models.Index(fields=["village", "id"], name="householdlivestock_village_id"),
                    models.Index(fields=["region", "id"], name="householdlivestock_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="livestock_household_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ManureCoefficient",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "species",
                    models.CharField(
                        choices=[
                            ("pig", "pigs"),
                            ("dairy_cattle", "dairy cattle"),
                            ("beef_cattle", "beef cattle"),
                            ("sheep_goat", "sheep and goats"),
                            ("layer", "laying hens"),
                            ("broiler", "broilers"),
                            ("duck_goose", "ducks and geese"),
                        ],
                        max_length=16,
                        unique=True,
                        verbose_name="species",
                    ),
                ),
                (
                    "faeces_kg",
                    models.DecimalField(
                        decimal_places=3,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="faeces (kg per head per day)",
                    ),
                ),
                (
                    "urine_kg",
                    models.DecimalField(
                        decimal_places=3,
                        default=Decimal("0"),
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="urine (kg per head per day)",
                    ),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "verified",
                    models.BooleanField(default=False, verbose_name="checked against the source"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ],
            options={
                "verbose_name": "manure coefficient",
                "verbose_name_plural": "manure coefficients",
                "ordering": ["species"],
            },
        ),
        migrations.CreateModel(
            name="ManureUtilisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=32, verbose_name="code")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "species",
                    models.CharField(
                        choices=[
                            ("pig", "pigs"),
                            ("dairy_cattle", "dairy cattle"),
                            ("beef_cattle", "beef cattle"),
                            ("sheep_goat", "sheep and goats"),
                            ("layer", "laying hens"),
                            ("broiler", "broilers"),
                            ("duck_goose", "ducks and geese"),
                        ],
                        max_length=16,
                        verbose_name="species",
                    ),
                ),
                ("utilised_on", models.DateField(verbose_name="date")),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("composting", "composting"),
                            ("biogas", "biogas"),
                            ("field_application", "field application"),
                            ("organic_fertiliser", "organic fertiliser"),
                            ("other", "other use"),
                        ],
                        max_length=20,
                        verbose_name="method",
                    ),
                ),
                (
                    "quantity_t",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=10,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.01")),
                            django.core.validators.MaxValueValidator(Decimal("1000000")),
                        ],
                        verbose_name="quantity (t)",
                    ),
                ),
                (
                    "receiver",
                    models.CharField(
                        blank=True,
                        help_text="The organisation that took the manure, e.g. a cooperative.",
                        max_length=100,
                        verbose_name="received by",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
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
                    "farm",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="utilisations",
                        to="livestock.farm",
                        verbose_name="farm",
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
                "verbose_name": "manure utilisation",
                "verbose_name_plural": "manure utilisation records",
                "ordering": ["-utilised_on", "-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="manureutilisation_county_id"),
                    models.Index(fields=["town", "id"], name="manureutilisation_town_id"),
                    models.Index(fields=["village", "id"], name="manureutilisation_village_id"),
                    models.Index(fields=["region", "id"], name="manureutilisation_region_id"),
                    models.Index(fields=["village", "utilised_on"], name="lsutil_village_date"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="livestock_utilisation_code_unique",
                        violation_error_message="A record with this code already exists.",
                    )
                ],
            },
        ),
    ]
