"""toilets.0001_initial … 0005_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import renju.toilets.models
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("toilets", "0001_initial"),
        ("toilets", "0002_toiletreport"),
        ("toilets", "0003_toiletreport_case_partial_index"),
        ("toilets", "0004_toiletreport_key_not_indexed"),
        ("toilets", "0005_ancestors_unconstrained"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0001_initial"),
        ("cases", "0002_case_open_scope_index"),
        ("households", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HouseholdToilet",
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
                    "qr_code",
                    models.CharField(
                        default=renju.toilets.models.new_toilet_code,
                        editable=False,
                        max_length=16,
                        unique=True,
                        verbose_name="toilet code",
                    ),
                ),
                (
                    "toilet_type",
                    models.CharField(
                        choices=[
                            ("three_compartment", "three-compartment septic tank"),
                            ("double_urn", "double-urn"),
                            ("biogas", "biogas-linked"),
                            ("urine_diverting", "urine-diverting"),
                            ("double_pit", "double-pit alternating"),
                            ("sewer", "flush to sewer"),
                            ("non_sanitary", "non-sanitary"),
                        ],
                        max_length=24,
                        verbose_name="toilet type",
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        choices=[
                            ("usable", "usable"),
                            ("unusable", "unusable"),
                            ("hard_to_use", "hard to use"),
                            ("not_all_year", "not usable all year"),
                        ],
                        default="usable",
                        max_length=16,
                        verbose_name="condition",
                    ),
                ),
                (
                    "year_built",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1980),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year built",
                    ),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                (
                    "tank_volume",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="tank volume (m³)",
                    ),
                ),
                (
                    "problem_cause",
                    models.CharField(blank=True, max_length=200, verbose_name="problem cause"),
                ),
                (
                    "retrofit_project",
                    models.CharField(blank=True, max_length=100, verbose_name="retrofit project"),
                ),
                (
                    "subsidy",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=9,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="subsidy (yuan)",
                    ),
                ),
                (
                    "last_pumpout",
                    models.DateField(
                        blank=True, editable=False, null=True, verbose_name="last pump-out"
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
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="toilets",
                        to="households.household",
                        verbose_name="household",
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
                "verbose_name": "household toilet",
                "verbose_name_plural": "household toilets",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="householdtoilet_county_id"),
                    models.Index(fields=["town", "id"], name="householdtoilet_town_id"),
                    models.Index(fields=["village", "id"], name="householdtoilet_village_id"),
                    models.Index(fields=["region", "id"], name="householdtoilet_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="householdtoilet_code_unique",
                        violation_error_message="A toilet with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PublicToilet",
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
                    "qr_code",
                    models.CharField(
                        default=renju.toilets.models.new_toilet_code,
                        editable=False,
                        max_length=16,
                        unique=True,
                        verbose_name="toilet code",
                    ),
                ),
                (
                    "toilet_type",
                    models.CharField(
                        choices=[
                            ("three_compartment", "three-compartment septic tank"),
                            ("double_urn", "double-urn"),
                            ("biogas", "biogas-linked"),
                            ("urine_diverting", "urine-diverting"),
                            ("double_pit", "double-pit alternating"),
                            ("sewer", "flush to sewer"),
                            ("non_sanitary", "non-sanitary"),
                        ],
                        max_length=24,
                        verbose_name="toilet type",
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        choices=[
                            ("usable", "usable"),
                            ("unusable", "unusable"),
                            ("hard_to_use", "hard to use"),
                            ("not_all_year", "not usable all year"),
                        ],
                        default="usable",
                        max_length=16,
                        verbose_name="condition",
                    ),
                ),
                (
                    "year_built",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1980),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year built",
                    ),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "maintenance_standard",
                    models.TextField(blank=True, verbose_name="daily maintenance standard"),
                ),
                (
                    "cleanings_per_day",
                    models.PositiveSmallIntegerField(
                        default=2,
                        validators=[django.core.validators.MaxValueValidator(24)],
                        verbose_name="cleanings per day",
                    ),
                ),
                (
                    "caretaker",
                    models.CharField(blank=True, max_length=50, verbose_name="caretaker"),
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
                "verbose_name": "public toilet",
                "verbose_name_plural": "public toilets",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="publictoilet_county_id"),
                    models.Index(fields=["town", "id"], name="publictoilet_town_id"),
                    models.Index(fields=["village", "id"], name="publictoilet_village_id"),
                    models.Index(fields=["region", "id"], name="publictoilet_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("code",), name="publictoilet_code_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="PublicToiletCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("checked_on", models.DateField(verbose_name="date")),
                ("checked_by", models.CharField(max_length=50, verbose_name="checked by")),
                ("passed", models.BooleanField(verbose_name="passed")),
                ("notes", models.CharField(blank=True, max_length=300, verbose_name="notes")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "toilet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checks",
                        to="toilets.publictoilet",
                    ),
                ),
            ],
            options={
                "verbose_name": "public toilet check",
                "verbose_name_plural": "public toilet checks",
                "ordering": ["-checked_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="PumpOut",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("pumped_on", models.DateField(verbose_name="date")),
                (
                    "volume",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=6,
                        validators=[
                            django.core.validators.MinValueValidator(0.01),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="volume (m³)",
                    ),
                ),
                (
                    "destination",
                    models.CharField(
                        choices=[
                            ("treatment", "treatment site"),
                            ("reuse", "reuse (cooperative or family farm)"),
                        ],
                        max_length=16,
                        verbose_name="sludge went to",
                    ),
                ),
                (
                    "destination_site",
                    models.CharField(blank=True, max_length=100, verbose_name="site"),
                ),
                (
                    "household_fee",
                    models.DecimalField(
                        decimal_places=2,
                        default=0,
                        max_digits=8,
                        verbose_name="household fee (yuan)",
                    ),
                ),
                (
                    "subsidy",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=8, verbose_name="subsidy (yuan)"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "case",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="pumpout",
                        to="cases.case",
                    ),
                ),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pumpouts",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "destination_org",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sludge_received",
                        to="accounts.organisation",
                        verbose_name="received by",
                    ),
                ),
                (
                    "toilet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pumpouts",
                        to="toilets.householdtoilet",
                    ),
                ),
            ],
            options={
                "verbose_name": "pump-out",
                "verbose_name_plural": "pump-outs",
                "ordering": ["-pumped_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="RetrofitApplication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "toilet_type",
                    models.CharField(
                        choices=[
                            ("three_compartment", "three-compartment septic tank"),
                            ("double_urn", "double-urn"),
                            ("biogas", "biogas-linked"),
                            ("urine_diverting", "urine-diverting"),
                            ("double_pit", "double-pit alternating"),
                            ("sewer", "flush to sewer"),
                            ("non_sanitary", "non-sanitary"),
                        ],
                        max_length=24,
                        verbose_name="toilet type",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "applied"),
                            ("approved", "approved"),
                            ("built", "built"),
                            ("accepted", "accepted"),
                            ("paid", "paid"),
                            ("refused", "refused"),
                        ],
                        default="applied",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                ("applied_on", models.DateField(verbose_name="applied")),
                ("approved_on", models.DateField(blank=True, null=True, verbose_name="approved")),
                ("built_on", models.DateField(blank=True, null=True, verbose_name="built")),
                ("accepted_on", models.DateField(blank=True, null=True, verbose_name="accepted")),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid")),
                (
                    "subsidy",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=9,
                        null=True,
                        verbose_name="subsidy (yuan)",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                (
                    "household",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="retrofits",
                        to="households.household",
                    ),
                ),
            ],
            options={
                "verbose_name": "retrofit application",
                "verbose_name_plural": "retrofit applications",
                "ordering": ["-applied_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ClinicToilet",
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
                    "qr_code",
                    models.CharField(
                        default=renju.toilets.models.new_toilet_code,
                        editable=False,
                        max_length=16,
                        unique=True,
                        verbose_name="toilet code",
                    ),
                ),
                (
                    "toilet_type",
                    models.CharField(
                        choices=[
                            ("three_compartment", "three-compartment septic tank"),
                            ("double_urn", "double-urn"),
                            ("biogas", "biogas-linked"),
                            ("urine_diverting", "urine-diverting"),
                            ("double_pit", "double-pit alternating"),
                            ("sewer", "flush to sewer"),
                            ("non_sanitary", "non-sanitary"),
                        ],
                        max_length=24,
                        verbose_name="toilet type",
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        choices=[
                            ("usable", "usable"),
                            ("unusable", "unusable"),
                            ("hard_to_use", "hard to use"),
                            ("not_all_year", "not usable all year"),
                        ],
                        default="usable",
                        max_length=16,
                        verbose_name="condition",
                    ),
                ),
                (
                    "year_built",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1980),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="year built",
                    ),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                ("clinic_name", models.CharField(max_length=100, verbose_name="clinic")),
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
                "verbose_name": "clinic toilet",
                "verbose_name_plural": "clinic toilets",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clinictoilet_county_id"),
                    models.Index(fields=["town", "id"], name="clinictoilet_town_id"),
                    models.Index(fields=["village", "id"], name="clinictoilet_village_id"),
                    models.Index(fields=["region", "id"], name="clinictoilet_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("code",), name="clinictoilet_code_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="ToiletReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=renju.toilets.models._report_token,
                        editable=False,
                        max_length=32,
                        unique=True,
                    ),
                ),
                ("key", models.CharField(editable=False, max_length=64)),
                ("toilet_type", models.CharField(max_length=64, verbose_name="toilet type")),
                ("toilet_id", models.BigIntegerField(verbose_name="toilet")),
                ("category", models.CharField(max_length=48, verbose_name="category")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "phone",
                    models.CharField(blank=True, max_length=20, verbose_name="reporter phone"),
                ),
                (
                    "photo",
                    models.ImageField(blank=True, upload_to=renju.toilets.models.report_photo_path),
                ),
                (
                    "received_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="received"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("created", "opened the case"),
                            ("attached", "added to the open case"),
                        ],
                        max_length=12,
                    ),
                ),
                ("routed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                    ),
                ),
            ],
            options={
                "verbose_name": "villager's report",
                "verbose_name_plural": "villagers' reports",
                "ordering": ["pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("routed_at__isnull", True)),
                        fields=["id"],
                        name="toiletreport_wait",
                    ),
                    models.Index(
                        condition=models.Q(("case__isnull", False)),
                        fields=["case"],
                        name="toiletreport_case",
                    ),
                ],
            },
        ),
    ]
