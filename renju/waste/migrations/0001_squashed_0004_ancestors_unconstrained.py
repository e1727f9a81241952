"""waste.0001_initial … 0004_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("waste", "0001_initial"),
        ("waste", "0002_daily_records_as_ledgers"),
        ("waste", "0003_records_constraints"),
        ("waste", "0004_ancestors_unconstrained"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CropVinePoint",
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
                    "capacity_t",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (t)",
                    ),
                ),
                (
                    "fill_level",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="fill level (%)",
                    ),
                ),
                (
                    "reported_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="last report"
                    ),
                ),
                (
                    "cleared_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="last cleared"
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
                "verbose_name": "crop-vine storage point",
                "verbose_name_plural": "crop-vine storage points",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="cropvinepoint_county_id"),
                    models.Index(fields=["town", "id"], name="cropvinepoint_town_id"),
                    models.Index(fields=["village", "id"], name="cropvinepoint_village_id"),
                    models.Index(fields=["region", "id"], name="cropvinepoint_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastecropvinepoint_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OperatorContract",
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
                ("start_date", models.DateField(verbose_name="start date")),
                ("end_date", models.DateField(verbose_name="end date")),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="price (yuan/year)",
                    ),
                ),
                (
                    "interval_days",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="collection interval (days)",
                    ),
                ),
                ("service_standard", models.TextField(blank=True, verbose_name="service standard")),
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
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
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
                "verbose_name": "operator contract",
                "verbose_name_plural": "operator contracts",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="operatorcontract_county_id"),
                    models.Index(fields=["town", "id"], name="operatorcontract_town_id"),
                    models.Index(fields=["village", "id"], name="operatorcontract_village_id"),
                    models.Index(fields=["region", "id"], name="operatorcontract_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wasteoperatorcontract_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="OrganicFacility",
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
                            ("composting", "composting"),
                            ("biogas", "biogas digester"),
                            ("feed_fertiliser", "feed or fertiliser processing"),
                            ("biomass_fuel", "biomass fuel"),
                            ("other", "other"),
                        ],
                        max_length=16,
                        verbose_name="process",
                    ),
                ),
                (
                    "capacity_t_day",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (t/day)",
                    ),
                ),
                (
                    "feedstock",
                    models.CharField(blank=True, max_length=200, verbose_name="feedstock"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                "verbose_name": "organic-waste facility",
                "verbose_name_plural": "organic-waste facilities",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="organicfacility_county_id"),
                    models.Index(fields=["town", "id"], name="organicfacility_town_id"),
                    models.Index(fields=["village", "id"], name="organicfacility_village_id"),
                    models.Index(fields=["region", "id"], name="organicfacility_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wasteorganicfacility_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RecyclingPoint",
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
                    "takes_packaging",
                    models.BooleanField(default=True, verbose_name="takes packaging"),
                ),
                ("takes_film", models.BooleanField(default=True, verbose_name="takes film")),
                (
                    "collector",
                    models.CharField(blank=True, max_length=100, verbose_name="collector"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                "verbose_name": "recycling point",
                "verbose_name_plural": "recycling points",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="recyclingpoint_county_id"),
                    models.Index(fields=["town", "id"], name="recyclingpoint_town_id"),
                    models.Index(fields=["village", "id"], name="recyclingpoint_village_id"),
                    models.Index(fields=["region", "id"], name="recyclingpoint_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wasterecyclingpoint_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RecyclingRecord",
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
                ("recorded_on", models.DateField(verbose_name="date")),
                (
                    "material",
                    models.CharField(
                        choices=[
                            ("pesticide_packaging", "pesticide packaging"),
                            ("fertiliser_packaging", "fertiliser packaging"),
                            ("agricultural_film", "agricultural film"),
                            ("other", "other agricultural waste"),
                        ],
                        max_length=24,
                        verbose_name="material",
                    ),
                ),
                (
                    "weight_kg",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=9,
                        validators=[django.core.validators.MinValueValidator(0.1)],
                        verbose_name="weight (kg)",
                    ),
                ),
                (
                    "collector",
                    models.CharField(blank=True, max_length=100, verbose_name="collector"),
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
                    "point",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="records",
                        to="waste.recyclingpoint",
                        verbose_name="recycling point",
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
                "verbose_name": "recycling record",
                "verbose_name_plural": "recycling records",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="recyclingrecord_county_id"),
                    models.Index(fields=["town", "id"], name="recyclingrecord_town_id"),
                    models.Index(fields=["village", "id"], name="recyclingrecord_village_id"),
                    models.Index(fields=["region", "id"], name="recyclingrecord_region_id"),
                    models.Index(
                        fields=["recorded_on", "village"], name="wasterecyclingrecord_day"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wasterecyclingrecord_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TransferStation",
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
                    "capacity_t_day",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (t/day)",
                    ),
                ),
                (
                    "compactor",
                    models.BooleanField(default=True, verbose_name="compaction equipment"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                "verbose_name": "transfer station",
                "verbose_name_plural": "transfer stations",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="transferstation_county_id"),
                    models.Index(fields=["town", "id"], name="transferstation_town_id"),
                    models.Index(fields=["village", "id"], name="transferstation_village_id"),
                    models.Index(fields=["region", "id"], name="transferstation_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastetransferstation_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TreatmentPlant",
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
                            ("incineration", "incineration"),
                            ("sanitary_landfill", "sanitary landfill"),
                            ("composting", "composting"),
                            ("anaerobic_digestion", "anaerobic digestion"),
                            ("simple_landfill", "simple (non-compliant) landfill"),
                            ("other", "other treatment"),
                        ],
                        max_length=24,
                        verbose_name="treatment",
                    ),
                ),
                (
                    "harmless",
                    models.BooleanField(
                        default=True,
                        help_text="Meets the pollution-control standard of its kind (e.g. GB 18485, GB 16889).",
                        verbose_name="harmless treatment",
                    ),
                ),
                (
                    "capacity_t_day",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=8,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (t/day)",
                    ),
                ),
                (
                    "permit_no",
                    models.CharField(blank=True, max_length=64, verbose_name="permit number"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                "verbose_name": "treatment plant",
                "verbose_name_plural": "treatment plants",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="treatmentplant_county_id"),
                    models.Index(fields=["town", "id"], name="treatmentplant_town_id"),
                    models.Index(fields=["village", "id"], name="treatmentplant_village_id"),
                    models.Index(fields=["region", "id"], name="treatmentplant_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastetreatmentplant_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="VineFillReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reported_at", models.DateTimeField(verbose_name="time")),
                ("level", models.PositiveSmallIntegerField(verbose_name="fill level (%)")),
                ("cleared", models.BooleanField(default=False, verbose_name="cleared")),
                (
                    "reporter",
                    models.CharField(blank=True, max_length=150, verbose_name="reported by"),
                ),
                (
                    "point",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="waste.cropvinepoint",
                    ),
                ),
            ],
            options={
                "verbose_name": "crop-vine fill report",
                "verbose_name_plural": "crop-vine fill reports",
                "ordering": ["-reported_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="WasteVehicle",
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
                    "kind",
                    models.CharField(
                        choices=[
                            ("tricycle", "electric tricycle"),
                            ("bucket_lifter", "bin-lifting truck"),
                            ("compactor", "compactor truck"),
                            ("hook_lift", "hook-lift container truck"),
                            ("other", "other vehicle"),
                        ],
                        max_length=16,
                        verbose_name="vehicle type",
                    ),
                ),
                (
                    "capacity_t",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="load (t)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                    "operator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
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
                "verbose_name": "waste vehicle",
                "verbose_name_plural": "waste vehicles",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="wastevehicle_county_id"),
                    models.Index(fields=["town", "id"], name="wastevehicle_town_id"),
                    models.Index(fields=["village", "id"], name="wastevehicle_village_id"),
                    models.Index(fields=["region", "id"], name="wastevehicle_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastevehicle_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Transfer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("transferred_on", models.DateField(verbose_name="date")),
                ("time", models.TimeField(blank=True, null=True, verbose_name="time")),
                (
                    "net_kg",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="net weight (kg)",
                    ),
                ),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="county",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="town",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.transferstation",
                        verbose_name="transfer station",
                    ),
                ),
                (
                    "plant",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.treatmentplant",
                        verbose_name="treatment plant",
                    ),
                ),
                (
                    "vehicle",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.wastevehicle",
                        verbose_name="vehicle",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="Left blank, it is made from the station, the date and a sequence.",
                        max_length=32,
                        verbose_name="weighbridge ticket",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        help_text="The station's region (town or village code).",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
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
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "submission_key",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The phone form's one-time key: a second tap of the same form adds nothing.",
                        max_length=40,
                        null=True,
                        verbose_name="submission key",
                    ),
                ),
            ],
            options={
                "verbose_name": "transfer",
                "verbose_name_plural": "transfers",
                "indexes": [
                    models.Index(
                        fields=["county", "transferred_on"], name="wastetransfer_county_day"
                    ),
                    models.Index(fields=["town", "transferred_on"], name="wastetransfer_town_day"),
                    models.Index(fields=["transferred_on"], name="wastetransfer_day"),
                    models.Index(fields=["county", "id"], name="wastetransfer_county_id"),
                    models.Index(fields=["town", "id"], name="wastetransfer_town_id"),
                    models.Index(fields=["village", "id"], name="wastetransfer_village_id"),
                    models.Index(fields=["region", "id"], name="wastetransfer_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastetransfer_code_unique",
                        violation_error_message="A row with this code already exists.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("submission_key__isnull", False)),
                        fields=("submission_key",),
                        name="wastetransfer_submission_unique",
                    ),
                ],
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="Collection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("collected_on", models.DateField(verbose_name="date")),
                ("time", models.TimeField(blank=True, null=True, verbose_name="time")),
                (
                    "weight_kg",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Leave blank to estimate it from the volume.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="weight (kg)",
                    ),
                ),
                (
                    "volume_l",
                    models.PositiveIntegerField(
                        blank=True,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="volume (l)",
                    ),
                ),
                ("estimated", models.BooleanField(default=False, verbose_name="weight estimated")),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                (
                    "county",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="county",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="town",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="village",
                    ),
                ),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.transferstation",
                        verbose_name="transfer station",
                    ),
                ),
                (
                    "plant",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.treatmentplant",
                        verbose_name="treatment plant",
                    ),
                ),
                (
                    "vehicle",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="waste.wastevehicle",
                        verbose_name="vehicle",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="Left blank, it is made from the village code, the date and a sequence.",
                        max_length=32,
                        verbose_name="collection slip",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="village",
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
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "submission_key",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="The phone form's one-time key: a second tap of the same form adds nothing.",
                        max_length=40,
                        null=True,
                        verbose_name="submission key",
                    ),
                ),
            ],
            options={
                "verbose_name": "collection",
                "verbose_name_plural": "collections",
                "indexes": [
                    models.Index(fields=["county", "collected_on"], name="wastecoll_county_day"),
                    models.Index(fields=["town", "collected_on"], name="wastecoll_town_day"),
                    models.Index(fields=["village", "collected_on"], name="wastecoll_village_day"),
                    models.Index(fields=["collected_on"], name="wastecoll_day"),
                    models.Index(fields=["county", "id"], name="wastecoll_county_id"),
                    models.Index(fields=["town", "id"], name="wastecoll_town_id"),
                    models.Index(fields=["village", "id"], name="wastecoll_village_id"),
                    models.Index(fields=["region", "id"], name="wastecoll_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastecollection_code_unique",
                        violation_error_message="A row with this code already exists.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("submission_key__isnull", False)),
                        fields=("submission_key",),
                        name="wastecollection_submission_unique",
                    ),
                ],
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="CollectionPoint",
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
                    "bins",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(500),
                        ],
                        verbose_name="bins",
                    ),
                ),
                (
                    "capacity_m3",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=7,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (m³)",
                    ),
                ),
                (
                    "sorting",
                    models.BooleanField(
                        default=False,
                        help_text="Bins for at least two fractions (recyclable, kitchen, hazardous, other).",
                        verbose_name="sorted collection",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_service", "in service"),
                            ("suspended", "suspended"),
                            ("closed", "closed"),
                        ],
                        default="in_service",
                        max_length=16,
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
                "verbose_name": "collection point",
                "verbose_name_plural": "collection points",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="collectionpoint_county_id"),
                    models.Index(fields=["town", "id"], name="collectionpoint_town_id"),
                    models.Index(fields=["village", "id"], name="collectionpoint_village_id"),
                    models.Index(fields=["region", "id"], name="collectionpoint_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wastecollectionpoint_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ConstructionSite",
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
                ("location", models.CharField(max_length=200, verbose_name="location")),
                ("latitude", models.FloatField(blank=True, null=True, verbose_name="latitude")),
                ("longitude", models.FloatField(blank=True, null=True, verbose_name="longitude")),
                (
                    "capacity_m3",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=8,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="capacity (m³)",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("in_use", "in use"),
                            ("full", "full, awaiting clearance"),
                            ("planned", "planned"),
                            ("closed", "closed"),
                        ],
                        default="in_use",
                        max_length=12,
                        verbose_name="state",
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
                "verbose_name": "construction-waste site",
                "verbose_name_plural": "construction-waste sites",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="constructionsite_county_id"),
                    models.Index(fields=["town", "id"], name="constructionsite_town_id"),
                    models.Index(fields=["village", "id"], name="constructionsite_village_id"),
                    models.Index(fields=["region", "id"], name="constructionsite_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="wasteconstructionsite_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
    ]
