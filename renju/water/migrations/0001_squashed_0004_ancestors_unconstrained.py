"""water.0001_initial … 0004_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("water", "0001_initial"),
        ("water", "0002_threshold_point_share"),
        ("water", "0003_public_survey_ledger"),
        ("water", "0004_ancestors_unconstrained"),
    ]

    initial = True

    dependencies = [
        ("plans", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThresholdSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=32, unique=True, verbose_name="key")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("rural", "rural guideline"),
                            ("urban", "urban guideline"),
                            ("local", "local rule"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "survey_share",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="survey share threshold (%)",
                    ),
                ),
                (
                    "survey_source",
                    models.CharField(max_length=300, verbose_name="survey threshold source"),
                ),
                ("is_default", models.BooleanField(default=False, verbose_name="default set")),
                (
                    "point_share",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="A body is heavily black-odorous only when at least this share of its monitoring points is; otherwise lightly. Empty: the worst point decides.",
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="share of points for a heavy body (%)",
                    ),
                ),
                (
                    "point_share_source",
                    models.CharField(blank=True, max_length=300, verbose_name="point share source"),
                ),
            ],
            options={
                "verbose_name": "threshold set",
                "verbose_name_plural": "threshold sets",
                "ordering": ["key"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_default", True)),
                        fields=("is_default",),
                        name="water_thresholdset_one_default",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ThresholdRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "parameter",
                    models.CharField(
                        choices=[
                            ("transparency_cm", "transparency (cm)"),
                            ("do_mg_l", "dissolved oxygen (mg/L)"),
                            ("orp_mv", "oxidation-reduction potential (mV)"),
                            ("nh3n_mg_l", "ammonia nitrogen (mg/L)"),
                        ],
                        max_length=16,
                        verbose_name="parameter",
                    ),
                ),
                (
                    "comparison",
                    models.CharField(
                        choices=[("lt", "below (<)"), ("gt", "above (>)")],
                        max_length=2,
                        verbose_name="comparison",
                    ),
                ),
                (
                    "limit",
                    models.DecimalField(decimal_places=2, max_digits=8, verbose_name="limit"),
                ),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("clean", "not black-odorous"),
                            ("black_odorous", "black-odorous"),
                            ("light", "lightly black-odorous"),
                            ("heavy", "heavily black-odorous"),
                        ],
                        max_length=16,
                        verbose_name="grade",
                    ),
                ),
                (
                    "shallow_depth_cm",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        verbose_name="shallow below depth (cm)",
                    ),
                ),
                (
                    "shallow_fraction",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=4,
                        null=True,
                        verbose_name="fraction of depth in shallow water",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="source")),
                (
                    "threshold_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rules",
                        to="water.thresholdset",
                        verbose_name="threshold set",
                    ),
                ),
            ],
            options={
                "verbose_name": "threshold rule",
                "verbose_name_plural": "threshold rules",
                "ordering": ["threshold_set", "parameter", "pk"],
            },
        ),
        migrations.CreateModel(
            name="WaterBody",
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
                        help_text="For example HC-371502001201-01.",
                        max_length=32,
                        verbose_name="water body code",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("river", "river section"),
                            ("ditch", "ditch"),
                            ("pond", "pond"),
                            ("other", "other water body"),
                        ],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("location", models.CharField(blank=True, max_length=200, verbose_name="location")),
                (
                    "length_m",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=9,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="length (m)",
                    ),
                ),
                (
                    "area_m2",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=11,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="area (m²)",
                    ),
                ),
                (
                    "villages_around",
                    models.CharField(blank=True, max_length=300, verbose_name="villages around"),
                ),
                (
                    "suspected_sources",
                    models.CharField(blank=True, max_length=300, verbose_name="suspected sources"),
                ),
                (
                    "identified_on",
                    models.DateField(blank=True, null=True, verbose_name="identified on"),
                ),
                (
                    "batch",
                    models.CharField(
                        blank=True,
                        default="",
                        editable=False,
                        max_length=50,
                        verbose_name="remediation batch",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("identified", "identified"),
                            ("in_remediation", "in remediation"),
                            ("remediated", "remediated"),
                            ("observation", "under observation"),
                            ("accepted", "accepted and struck off"),
                            ("relapsed", "relapsed"),
                        ],
                        default="identified",
                        editable=False,
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                (
                    "state_since",
                    models.DateField(editable=False, null=True, verbose_name="state since"),
                ),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("clean", "not black-odorous"),
                            ("black_odorous", "black-odorous"),
                            ("light", "lightly black-odorous"),
                            ("heavy", "heavily black-odorous"),
                        ],
                        default="",
                        editable=False,
                        max_length=16,
                        verbose_name="classification",
                    ),
                ),
                (
                    "graded_on",
                    models.DateField(editable=False, null=True, verbose_name="classified on"),
                ),
                (
                    "relapse_count",
                    models.PositiveSmallIntegerField(
                        default=0, editable=False, verbose_name="relapses"
                    ),
                ),
                (
                    "remediated_on",
                    models.DateField(editable=False, null=True, verbose_name="remediated on"),
                ),
                ("remediated_at", models.DateTimeField(editable=False, null=True)),
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
                    "threshold_set",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: the city's default set.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="water.thresholdset",
                        verbose_name="threshold set",
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
                "verbose_name": "black-odorous water body",
                "verbose_name_plural": "black-odorous water bodies",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="waterbody_county_id"),
                    models.Index(fields=["town", "id"], name="waterbody_town_id"),
                    models.Index(fields=["village", "id"], name="waterbody_village_id"),
                    models.Index(fields=["region", "id"], name="waterbody_region_id"),
                    models.Index(fields=["county", "state"], name="waterbody_county_state"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="waterbody_code_unique",
                        violation_error_message="A water body with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RemediationMeasure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "measure",
                    models.CharField(
                        choices=[
                            ("source_control", "source control"),
                            ("dredging", "dredging"),
                            ("connection", "connection"),
                            ("ecological_restoration", "ecological restoration"),
                        ],
                        max_length=24,
                        verbose_name="measure",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="plans.project",
                        verbose_name="project",
                    ),
                ),
                (
                    "water_body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measures",
                        to="water.waterbody",
                        verbose_name="water body",
                    ),
                ),
            ],
            options={
                "verbose_name": "remediation measure",
                "verbose_name_plural": "remediation measures",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="PublicSurvey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("surveyed_on", models.DateField(verbose_name="survey date")),
                (
                    "respondents",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(1000000),
                        ],
                        verbose_name="respondents",
                    ),
                ),
                (
                    "judged_black_odorous",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MaxValueValidator(1000000)],
                        verbose_name="judged black-odorous",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "water_body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="surveys",
                        to="water.waterbody",
                        verbose_name="water body",
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
                ("code", models.CharField(max_length=32, verbose_name="survey code")),
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
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
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
                "verbose_name": "public survey",
                "verbose_name_plural": "public surveys",
                "ordering": ["-surveyed_on", "-pk"],
                "indexes": [
                    models.Index(fields=["county", "id"], name="publicsurvey_county_id"),
                    models.Index(fields=["town", "id"], name="publicsurvey_town_id"),
                    models.Index(fields=["village", "id"], name="publicsurvey_village_id"),
                    models.Index(fields=["region", "id"], name="publicsurvey_region_id"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("judged_black_odorous__lte", models.F("respondents"))),
                        name="publicsurvey_judged_lte_respondents",
                        violation_error_message="Those judging it black-odorous cannot outnumber the respondents.",
                    ),
                    models.UniqueConstraint(
                        fields=("code",),
                        name="publicsurvey_code_unique",
                        violation_error_message="A survey with this code already exists.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="WaterSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("code", models.CharField(max_length=32, verbose_name="sample code")),
                ("sampled_on", models.DateField(verbose_name="sampling date")),
                ("point", models.CharField(max_length=50, verbose_name="sampling point")),
                (
                    "transparency_cm",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="transparency (cm)",
                    ),
                ),
                (
                    "depth_cm",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(5000),
                        ],
                        verbose_name="water depth (cm)",
                    ),
                ),
                (
                    "do_mg_l",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="dissolved oxygen (mg/L)",
                    ),
                ),
                (
                    "nh3n_mg_l",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(500),
                        ],
                        verbose_name="ammonia nitrogen (mg/L)",
                    ),
                ),
                (
                    "orp_mv",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=6,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(-1000),
                            django.core.validators.MaxValueValidator(1000),
                        ],
                        verbose_name="oxidation-reduction potential (mV)",
                    ),
                ),
                (
                    "sampled_by",
                    models.CharField(blank=True, max_length=100, verbose_name="sampled by"),
                ),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("clean", "not black-odorous"),
                            ("black_odorous", "black-odorous"),
                            ("light", "lightly black-odorous"),
                            ("heavy", "heavily black-odorous"),
                        ],
                        default="",
                        editable=False,
                        max_length=16,
                        verbose_name="classification",
                    ),
                ),
                (
                    "reasons",
                    models.JSONField(
                        blank=True, default=list, editable=False, verbose_name="reasons"
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
                (
                    "water_body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="samples",
                        to="water.waterbody",
                        verbose_name="water body",
                    ),
                ),
            ],
            options={
                "verbose_name": "water sample",
                "verbose_name_plural": "water samples",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="watersample_county_id"),
                    models.Index(fields=["town", "id"], name="watersample_town_id"),
                    models.Index(fields=["village", "id"], name="watersample_village_id"),
                    models.Index(fields=["region", "id"], name="watersample_region_id"),
                    models.Index(fields=["water_body", "sampled_on"], name="watersample_body_day"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="watersample_code_unique",
                        violation_error_message="A sample with this code already exists.",
                    )
                ],
            },
        ),
    ]
