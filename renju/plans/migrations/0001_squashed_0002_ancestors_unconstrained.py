"""plans.0001_initial … 0002_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
import renju.plans.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("plans", "0001_initial"), ("plans", "0002_ancestors_unconstrained")]

    initial = True

    dependencies = [
        ("accounts", "__first__"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountyPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="first year",
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="last year",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("approved", "approved"),
                            ("returned", "returned for revision"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "measures",
                    models.TextField(
                        blank=True,
                        help_text="The county's main measures, in a few paragraphs.",
                        verbose_name="measures",
                    ),
                ),
                (
                    "document",
                    models.FileField(
                        blank=True,
                        help_text="The plan as issued (PDF or DOCX).",
                        upload_to="plans/documents/%Y/",
                        verbose_name="plan document",
                    ),
                ),
                ("baseline", models.JSONField(blank=True, default=dict, verbose_name="baseline")),
                (
                    "baseline_date",
                    models.DateField(blank=True, null=True, verbose_name="baseline date"),
                ),
                (
                    "review_note",
                    models.CharField(blank=True, max_length=300, verbose_name="review note"),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="submitted"),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="reviewed"),
                ),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "city",
                    models.ForeignKey(
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
                        limit_choices_to={"level": 3},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="county",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "county plan",
                "verbose_name_plural": "county plans",
                "ordering": ["region__code", "-start_year", "-pk"],
                "indexes": [
                    models.Index(fields=["county", "status"], name="countyplan_county_status"),
                    models.Index(fields=["city", "status"], name="countyplan_city_status"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_year__gte", models.F("start_year"))),
                        name="countyplan_years_ordered",
                        violation_error_message="The last year cannot come before the first year.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PlanTarget",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "indicator",
                    renju.plans.fields.IndicatorKeyField(max_length=48, verbose_name="indicator"),
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
                    "value",
                    models.FloatField(
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="target value",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="targets",
                        to="plans.countyplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "plan target",
                "verbose_name_plural": "plan targets",
                "ordering": ["indicator", "year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "indicator", "year"),
                        name="plantarget_unique",
                        violation_error_message="This indicator already has a target for that year.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Project",
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
                        help_text="For example XM-371502-2025-001.",
                        max_length=32,
                        verbose_name="project code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="project name")),
                (
                    "domain",
                    models.CharField(
                        choices=[
                            ("toilets", "toilets"),
                            ("sewage", "sewage"),
                            ("water", "water bodies"),
                            ("waste", "household waste"),
                            ("cleaning", "village cleaning"),
                            ("roads", "rural roads"),
                            ("villagescape", "village appearance"),
                            ("livestock", "livestock manure"),
                            ("community", "villager participation"),
                            ("other", "other"),
                        ],
                        max_length=16,
                        verbose_name="domain",
                    ),
                ),
                (
                    "lead_department",
                    models.CharField(
                        choices=[
                            ("agriculture", "agriculture and rural affairs"),
                            ("natural_resources", "natural resources and planning"),
                            ("housing", "housing and urban-rural development"),
                            ("ecology", "ecology and environment"),
                            ("transport", "transport"),
                            ("health", "health"),
                            ("water", "water resources"),
                            ("finance", "finance"),
                            ("urban_management", "urban management"),
                        ],
                        max_length=24,
                        verbose_name="lead department",
                    ),
                ),
                (
                    "cooperating_departments",
                    renju.plans.fields.DepartmentListField(
                        blank=True,
                        help_text="Several departments, separated by commas.",
                        max_length=200,
                        verbose_name="cooperating departments",
                    ),
                ),
                (
                    "budget",
                    models.PositiveBigIntegerField(
                        validators=[django.core.validators.MaxValueValidator(1000000000000)],
                        verbose_name="budget (yuan)",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "planned"),
                            ("in_progress", "in progress"),
                            ("completed", "completed"),
                            ("suspended", "suspended"),
                        ],
                        default="planned",
                        max_length=12,
                        verbose_name="project status",
                    ),
                ),
                ("start_date", models.DateField(blank=True, null=True, verbose_name="start date")),
                ("end_date", models.DateField(blank=True, null=True, verbose_name="end date")),
                (
                    "progress",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="progress (percent)",
                    ),
                ),
                (
                    "weak_indicator",
                    renju.plans.fields.IndicatorKeyField(
                        blank=True,
                        help_text="The indicator whose weak link the project addresses.",
                        max_length=48,
                        verbose_name="weak-link indicator",
                    ),
                ),
                (
                    "weak_link",
                    models.CharField(blank=True, max_length=300, verbose_name="weak link"),
                ),
                (
                    "innovation_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("financing", "financing"),
                            ("construction", "construction"),
                            ("operation", "operation and maintenance"),
                        ],
                        default="",
                        max_length=16,
                        verbose_name="innovative model",
                    ),
                ),
                (
                    "innovation_note",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="innovative model note"
                    ),
                ),
                (
                    "participation_note",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="social participation"
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
                    "villages",
                    models.ManyToManyField(
                        blank=True,
                        limit_choices_to={"level": 5},
                        related_name="+",
                        to="regions.region",
                        verbose_name="villages covered",
                    ),
                ),
            ],
            options={
                "verbose_name": "project",
                "verbose_name_plural": "projects",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="project_county_id"),
                    models.Index(fields=["town", "id"], name="project_town_id"),
                    models.Index(fields=["village", "id"], name="project_village_id"),
                    models.Index(fields=["region", "id"], name="project_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="project_code_unique",
                        violation_error_message="A project with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="milestone")),
                ("due_date", models.DateField(verbose_name="due date")),
                ("done_date", models.DateField(blank=True, null=True, verbose_name="done date")),
                (
                    "photo",
                    models.ImageField(
                        blank=True, upload_to="plans/milestones/%Y/", verbose_name="photo"
                    ),
                ),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestones",
                        to="plans.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "milestone",
                "verbose_name_plural": "milestones",
                "ordering": ["due_date", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Funding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("fiscal", "fiscal funds"),
                            ("bond", "local-government bonds"),
                            ("social", "social capital"),
                            ("collective", "village collective"),
                            ("villagers", "villagers' contribution"),
                        ],
                        max_length=12,
                        verbose_name="funding source",
                    ),
                ),
                (
                    "amount",
                    models.PositiveBigIntegerField(
                        validators=[django.core.validators.MaxValueValidator(1000000000000)],
                        verbose_name="amount (yuan)",
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
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "is_simulated",
                    models.BooleanField(default=False, editable=False, verbose_name="simulated"),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fundings",
                        to="plans.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "funding",
                "verbose_name_plural": "funding",
                "ordering": ["year", "source", "pk"],
                "indexes": [models.Index(fields=["source", "year"], name="funding_source_year")],
            },
        ),
        migrations.CreateModel(
            name="Responsibility",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "indicator",
                    renju.plans.fields.IndicatorKeyField(max_length=48, verbose_name="indicator"),
                ),
                (
                    "department",
                    models.CharField(
                        choices=[
                            ("agriculture", "agriculture and rural affairs"),
                            ("natural_resources", "natural resources and planning"),
                            ("housing", "housing and urban-rural development"),
                            ("ecology", "ecology and environment"),
                            ("transport", "transport"),
                            ("health", "health"),
                            ("water", "water resources"),
                            ("finance", "finance"),
                            ("urban_management", "urban management"),
                        ],
                        max_length=24,
                        verbose_name="department",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("lead", "lead"), ("cooperate", "cooperating")],
                        max_length=12,
                        verbose_name="responsibility",
                    ),
                ),
            ],
            options={
                "verbose_name": "responsibility",
                "verbose_name_plural": "responsibilities",
                "ordering": ["indicator", "department"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("indicator", "department"),
                        name="responsibility_unique",
                        violation_error_message="This department already has a role for it.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("role", "lead")),
                        fields=("indicator",),
                        name="responsibility_one_lead",
                        violation_error_message="This indicator already has a lead department.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TownKeyPoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="key points")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="key_points",
                        to="plans.countyplan",
                        verbose_name="plan",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        limit_choices_to={"level": 4},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="regions.region",
                        verbose_name="town",
                    ),
                ),
            ],
            options={
                "verbose_name": "town key points",
                "verbose_name_plural": "town key points",
                "ordering": ["town__code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "town"),
                        name="townkeypoint_unique",
                        violation_error_message="This town already has key points in the plan.",
                    )
                ],
            },
        ),
    ]
