"""sewage.0001_initial … 0002_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("sewage", "0001_initial"), ("sewage", "0002_ancestors_unconstrained")]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("accounts", "__first__"),
        ("regions", "0001_initial"),
        ("toilets", "0002_toiletreport"),
    ]

    operations = [
        migrations.CreateModel(
            name="DischargeLimit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("level_1", "level 1"),
                            ("level_2", "level 2"),
                            ("none", "no discharge (reused)"),
                        ],
                        max_length=8,
                        verbose_name="level",
                    ),
                ),
                (
                    "parameter",
                    models.CharField(
                        choices=[
                            ("ph", "pH"),
                            ("cod", "COD"),
                            ("ss", "SS"),
                            ("nh3n", "NH₃-N"),
                            ("tn", "TN"),
                            ("tp", "TP"),
                        ],
                        max_length=8,
                        verbose_name="parameter",
                    ),
                ),
                (
                    "minimum",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        verbose_name="minimum",
                    ),
                ),
                (
                    "maximum",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        verbose_name="maximum",
                    ),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "verified",
                    models.BooleanField(
                        default=False, verbose_name="verified against the published text"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "discharge limit",
                "verbose_name_plural": "discharge limits",
                "ordering": ["level", "parameter"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("level", "parameter"), name="sewage_limit_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ModeParameters",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sewer_distance_km",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="max distance to a sewer for connection (km)",
                    ),
                ),
                (
                    "plant_min_households",
                    models.PositiveIntegerField(verbose_name="min households for a village plant"),
                ),
                (
                    "dispersed_households",
                    models.PositiveIntegerField(
                        verbose_name="households per settlement below which a village is dispersed"
                    ),
                ),
                (
                    "small_population",
                    models.PositiveIntegerField(
                        verbose_name="resident population below which a village is small"
                    ),
                ),
                (
                    "reuse_available",
                    models.BooleanField(
                        default=True,
                        verbose_name="reuse options available (farmland, wetland, ponds)",
                    ),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "region",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "mode parameters",
                "verbose_name_plural": "mode parameters",
            },
        ),
        migrations.CreateModel(
            name="SewageFacility",
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
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("town_plant", "town or city plant (sewer connections)"),
                            ("village_plant", "village centralised plant"),
                            ("cluster", "cluster unit"),
                            ("household", "household units"),
                            ("reuse", "resource reuse facility"),
                        ],
                        max_length=16,
                        verbose_name="facility kind",
                    ),
                ),
                (
                    "design_capacity",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=9,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.1")),
                            django.core.validators.MaxValueValidator(Decimal("1000000")),
                        ],
                        verbose_name="design capacity (m³/d)",
                    ),
                ),
                ("process", models.CharField(blank=True, max_length=100, verbose_name="process")),
                (
                    "households_served",
                    models.PositiveIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(1000000)],
                        verbose_name="households served",
                    ),
                ),
                (
                    "commissioned_on",
                    models.DateField(blank=True, null=True, verbose_name="commissioned"),
                ),
                (
                    "discharge_level",
                    models.CharField(
                        choices=[
                            ("level_1", "level 1"),
                            ("level_2", "level 2"),
                            ("none", "no discharge (reused)"),
                        ],
                        default="level_2",
                        max_length=8,
                        verbose_name="discharge standard level",
                    ),
                ),
                (
                    "nutrient_limits",
                    models.BooleanField(
                        default=False,
                        help_text="Where the receiving water requires total nitrogen and phosphorus limits.",
                        verbose_name="TN and TP limits apply",
                    ),
                ),
                (
                    "discharge_registration",
                    models.CharField(
                        blank=True, max_length=40, verbose_name="discharge registration number"
                    ),
                ),
                (
                    "running_state",
                    models.CharField(
                        choices=[
                            ("normal", "running normally"),
                            ("fault", "faulty"),
                            ("stopped", "stopped"),
                            ("building", "under construction"),
                        ],
                        default="normal",
                        max_length=10,
                        verbose_name="running state",
                    ),
                ),
                (
                    "latitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-90),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="latitude",
                    ),
                ),
                (
                    "longitude",
                    models.FloatField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-180),
                            django.core.validators.MaxValueValidator(180),
                        ],
                        verbose_name="longitude",
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
                    "operator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sewage_facilities",
                        to="accounts.organisation",
                        verbose_name="operator",
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
                "verbose_name": "sewage facility",
                "verbose_name_plural": "sewage facilities",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="sewagefacility_county_id"),
                    models.Index(fields=["town", "id"], name="sewagefacility_town_id"),
                    models.Index(fields=["village", "id"], name="sewagefacility_village_id"),
                    models.Index(fields=["region", "id"], name="sewagefacility_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="sewage_facility_code_unique",
                        violation_error_message="A facility with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OMCost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year",
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="O&M cost (yuan)",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="costs",
                        to="sewage.sewagefacility",
                    ),
                ),
            ],
            options={
                "verbose_name": "O&M cost",
                "verbose_name_plural": "O&M costs",
                "ordering": ["-year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("facility", "year"), name="sewage_omcost_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="FacilityInspection",
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
                ("inspected_on", models.DateField(verbose_name="date")),
                ("inspector", models.CharField(max_length=50, verbose_name="inspector")),
                (
                    "result",
                    models.CharField(
                        choices=[("normal", "normal"), ("fault", "fault found")],
                        default="normal",
                        max_length=8,
                        verbose_name="result",
                    ),
                ),
                (
                    "fault_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("equipment", "equipment failure"),
                            ("power", "power cut"),
                            ("blockage", "pipe blockage"),
                            ("overflow", "overflow"),
                            ("stopped", "not running"),
                            ("other", "other"),
                        ],
                        max_length=12,
                        null=True,
                        verbose_name="fault kind",
                    ),
                ),
                ("findings", models.CharField(blank=True, max_length=300, verbose_name="findings")),
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
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inspections",
                        to="sewage.sewagefacility",
                        verbose_name="facility",
                    ),
                ),
            ],
            options={
                "verbose_name": "facility inspection",
                "verbose_name_plural": "facility inspections",
                "ordering": ["-inspected_on", "-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="facilityinspection_county_id"),
                    models.Index(fields=["town", "id"], name="facilityinspection_town_id"),
                    models.Index(fields=["village", "id"], name="facilityinspection_village_id"),
                    models.Index(fields=["region", "id"], name="facilityinspection_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="sewage_inspection_code_unique",
                        violation_error_message="An inspection with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SludgeDelivery",
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
                ("delivered_on", models.DateField(verbose_name="delivered")),
                (
                    "volume",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=6,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="volume (m³)",
                    ),
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
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sludge",
                        to="sewage.sewagefacility",
                        verbose_name="facility",
                    ),
                ),
                (
                    "pumpout",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="toilets.pumpout",
                        verbose_name="pump-out",
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
                "verbose_name": "sludge delivery",
                "verbose_name_plural": "sludge deliveries",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="sludgedelivery_county_id"),
                    models.Index(fields=["town", "id"], name="sludgedelivery_town_id"),
                    models.Index(fields=["village", "id"], name="sludgedelivery_village_id"),
                    models.Index(fields=["region", "id"], name="sludgedelivery_region_id"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ToiletLink",
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
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="toilet_links",
                        to="sewage.sewagefacility",
                        verbose_name="facility",
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
                    "toilet",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="toilets.householdtoilet",
                        verbose_name="toilet",
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
                "verbose_name": "toilet link",
                "verbose_name_plural": "toilet links",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="toiletlink_county_id"),
                    models.Index(fields=["town", "id"], name="toiletlink_town_id"),
                    models.Index(fields=["village", "id"], name="toiletlink_village_id"),
                    models.Index(fields=["region", "id"], name="toiletlink_region_id"),
                ],
            },
        ),
        migrations.CreateModel(
            name="TreatmentStatus",
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
                    "mode",
                    models.CharField(
                        choices=[
                            ("sewer", "sewer connection"),
                            ("centralised", "village centralised plant"),
                            ("decentralised", "decentralised cluster or household units"),
                            ("reuse", "resource reuse"),
                            ("untreated", "untreated"),
                        ],
                        max_length=16,
                        verbose_name="treatment mode",
                    ),
                ),
                (
                    "households_served",
                    models.PositiveIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(100000)],
                        verbose_name="households served",
                    ),
                ),
                ("completed_on", models.DateField(blank=True, null=True, verbose_name="completed")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
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
                    "facility",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="statuses",
                        to="sewage.sewagefacility",
                        verbose_name="facility serving it",
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
                "verbose_name": "village treatment status",
                "verbose_name_plural": "village treatment statuses",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="treatmentstatus_county_id"),
                    models.Index(fields=["town", "id"], name="treatmentstatus_town_id"),
                    models.Index(fields=["village", "id"], name="treatmentstatus_village_id"),
                    models.Index(fields=["region", "id"], name="treatmentstatus_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="sewage_status_code_unique",
                        violation_error_message="A treatment status with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WaterTest",
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
                ("sampled_on", models.DateField(verbose_name="sampled")),
                ("lab", models.CharField(max_length=100, verbose_name="laboratory")),
                (
                    "ph",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("14")),
                        ],
                        verbose_name="pH",
                    ),
                ),
                (
                    "cod",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100000")),
                        ],
                        verbose_name="COD",
                    ),
                ),
                (
                    "ss",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100000")),
                        ],
                        verbose_name="SS",
                    ),
                ),
                (
                    "nh3n",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100000")),
                        ],
                        verbose_name="NH₃-N",
                    ),
                ),
                (
                    "tn",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100000")),
                        ],
                        verbose_name="TN",
                    ),
                ),
                (
                    "tp",
                    models.DecimalField(
                        blank=True,
                        decimal_places=3,
                        max_digits=9,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("100000")),
                        ],
                        verbose_name="TP",
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
                    "facility",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tests",
                        to="sewage.sewagefacility",
                        verbose_name="facility",
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
                "verbose_name": "water-quality test",
                "verbose_name_plural": "water-quality tests",
                "ordering": ["-sampled_on", "-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="watertest_county_id"),
                    models.Index(fields=["town", "id"], name="watertest_town_id"),
                    models.Index(fields=["village", "id"], name="watertest_village_id"),
                    models.Index(fields=["region", "id"], name="watertest_region_id"),
                    models.Index(fields=["facility", "sampled_on"], name="watertest_facility_date"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="sewage_test_code_unique",
                        violation_error_message="A test with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="DischargePoint",
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
                ("location", models.CharField(max_length=200, verbose_name="location")),
                (
                    "receiving_water",
                    models.CharField(blank=True, max_length=100, verbose_name="receiving water"),
                ),
                ("found_on", models.DateField(verbose_name="found")),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "discharging"), ("closed", "closed")],
                        default="open",
                        max_length=8,
                        verbose_name="state",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="closed")),
                ("measure", models.CharField(blank=True, max_length=200, verbose_name="measure")),
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
                "verbose_name": "direct-discharge point",
                "verbose_name_plural": "direct-discharge points",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="dischargepoint_county_id"),
                    models.Index(fields=["town", "id"], name="dischargepoint_town_id"),
                    models.Index(fields=["village", "id"], name="dischargepoint_village_id"),
                    models.Index(fields=["region", "id"], name="dischargepoint_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="sewage_point_code_unique",
                        violation_error_message="A discharge point with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ModeDecision",
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
                    "recommended_mode",
                    models.CharField(
                        choices=[
                            ("sewer", "sewer connection"),
                            ("centralised", "village centralised plant"),
                            ("decentralised", "decentralised cluster or household units"),
                            ("reuse", "resource reuse"),
                            ("untreated", "untreated"),
                        ],
                        max_length=16,
                        verbose_name="recommended mode",
                    ),
                ),
                (
                    "chosen_mode",
                    models.CharField(
                        choices=[
                            ("sewer", "sewer connection"),
                            ("centralised", "village centralised plant"),
                            ("decentralised", "decentralised cluster or household units"),
                            ("reuse", "resource reuse"),
                            ("untreated", "untreated"),
                        ],
                        max_length=16,
                        verbose_name="chosen mode",
                    ),
                ),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                ("trace", models.JSONField(default=dict, verbose_name="rules applied")),
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
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                "verbose_name": "mode decision",
                "verbose_name_plural": "mode decisions",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="modedecision_county_id"),
                    models.Index(fields=["town", "id"], name="modedecision_town_id"),
                    models.Index(fields=["village", "id"], name="modedecision_village_id"),
                    models.Index(fields=["region", "id"], name="modedecision_region_id"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ModeCost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[
                            ("sewer", "sewer connection"),
                            ("centralised", "village centralised plant"),
                            ("decentralised", "decentralised cluster or household units"),
                            ("reuse", "resource reuse"),
                            ("untreated", "untreated"),
                        ],
                        max_length=16,
                        verbose_name="treatment mode",
                    ),
                ),
                ("construction_low", models.PositiveIntegerField(verbose_name="construction, low")),
                (
                    "construction_high",
                    models.PositiveIntegerField(verbose_name="construction, high"),
                ),
                ("om_low", models.PositiveIntegerField(verbose_name="annual O&M, low")),
                ("om_high", models.PositiveIntegerField(verbose_name="annual O&M, high")),
                (
                    "parameters",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="costs",
                        to="sewage.modeparameters",
                    ),
                ),
            ],
            options={
                "verbose_name": "mode cost",
                "verbose_name_plural": "mode costs",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("parameters", "mode"), name="sewage_modecost_unique"
                    )
                ],
            },
        ),
    ]
