"""cleaning.0001_initial … 0002_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.core.validators
import django.db.models.deletion
import renju.cleaning.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("cleaning", "0001_initial"), ("cleaning", "0002_ancestors_unconstrained")]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("accounts", "__first__"),
        ("cases", "0002_case_open_scope_index"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Campaign",
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
                            ("three_clean", "three-cleanups-one-change campaign"),
                            ("spring", "spring clean-up"),
                            ("summer", "summer clean-up"),
                            ("autumn", "autumn clean-up"),
                            ("winter", "winter clean-up"),
                            ("other", "other clean-up"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(verbose_name="ends on")),
                ("goal", models.TextField(blank=True, verbose_name="goal")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                "verbose_name": "clean-up campaign",
                "verbose_name_plural": "clean-up campaigns",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clcampaign_county_id"),
                    models.Index(fields=["town", "id"], name="clcampaign_town_id"),
                    models.Index(fields=["village", "id"], name="clcampaign_village_id"),
                    models.Index(fields=["region", "id"], name="clcampaign_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clcampaign_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CampaignVillage",
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
                    "result",
                    models.CharField(
                        choices=[
                            ("planned", "planned"),
                            ("done", "done"),
                            ("partial", "partly done"),
                            ("not_done", "not done"),
                        ],
                        default="planned",
                        max_length=12,
                        verbose_name="result",
                    ),
                ),
                (
                    "heaps_cleared",
                    models.PositiveIntegerField(default=0, verbose_name="heaps cleared"),
                ),
                (
                    "garbage_tonnes",
                    models.DecimalField(
                        decimal_places=1,
                        default=Decimal("0"),
                        max_digits=8,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="garbage removed (t)",
                    ),
                ),
                (
                    "participants",
                    models.PositiveIntegerField(default=0, verbose_name="participants"),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="villages",
                        to="cleaning.campaign",
                        verbose_name="campaign",
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
                "verbose_name": "campaign village",
                "verbose_name_plural": "campaign villages",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clcampaignvillage_county_id"),
                    models.Index(fields=["town", "id"], name="clcampaignvillage_town_id"),
                    models.Index(fields=["village", "id"], name="clcampaignvillage_village_id"),
                    models.Index(fields=["region", "id"], name="clcampaignvillage_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clcampaignvillage_code_unique",
                        violation_error_message="A row with this code already exists.",
                    ),
                    models.UniqueConstraint(
                        fields=("campaign", "region"),
                        name="clcampaignvillage_once",
                        violation_error_message="This village is already in the campaign.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Cleaner",
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
                ("name", models.CharField(max_length=50, verbose_name="name")),
                ("phone", models.CharField(blank=True, max_length=20, verbose_name="phone")),
                (
                    "employer",
                    models.CharField(
                        choices=[
                            ("village", "village collective"),
                            ("company", "cleaning company"),
                        ],
                        default="village",
                        max_length=10,
                        verbose_name="employer",
                    ),
                ),
                ("contract_start", models.DateField(verbose_name="contract start")),
                (
                    "contract_end",
                    models.DateField(blank=True, null=True, verbose_name="contract end"),
                ),
                (
                    "monthly_wage",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=8,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="monthly wage (yuan)",
                    ),
                ),
                (
                    "wage_due_day",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="Day of the following month by which the wage must be paid.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(28),
                        ],
                        verbose_name="wage due day",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="in service")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                    "company",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cleaners",
                        to="accounts.organisation",
                        verbose_name="company",
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
                "verbose_name": "cleaner",
                "verbose_name_plural": "cleaners",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clcleaner_county_id"),
                    models.Index(fields=["town", "id"], name="clcleaner_town_id"),
                    models.Index(fields=["village", "id"], name="clcleaner_village_id"),
                    models.Index(fields=["region", "id"], name="clcleaner_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clcleaner_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CleaningContract",
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
                    "model",
                    models.CharField(
                        choices=[
                            ("butler", "butler-style"),
                            ("property", "property-style"),
                            ("other", "other"),
                        ],
                        default="property",
                        max_length=12,
                        verbose_name="operating model",
                    ),
                ),
                (
                    "scope",
                    models.CharField(
                        help_text="e.g. clean, collect, transport, maintain (清、收、运、护).",
                        max_length=200,
                        verbose_name="scope of work",
                    ),
                ),
                (
                    "price",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="price (yuan a year)",
                    ),
                ),
                ("standard", models.TextField(blank=True, verbose_name="service standard")),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(verbose_name="ends on")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cleaning_contracts",
                        to="accounts.organisation",
                        verbose_name="company",
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
                "verbose_name": "cleaning contract",
                "verbose_name_plural": "cleaning contracts",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clcleaningcontract_county_id"),
                    models.Index(fields=["town", "id"], name="clcleaningcontract_town_id"),
                    models.Index(fields=["village", "id"], name="clcleaningcontract_village_id"),
                    models.Index(fields=["region", "id"], name="clcleaningcontract_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clcleaningcontract_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CleaningDocument",
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
                            ("town_rules", "town cleaning rules"),
                            ("village_standard", "village cleaning standard"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("adopted_on", models.DateField(verbose_name="adopted on")),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                ("is_active", models.BooleanField(default=True, verbose_name="in force")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        default="",
                        editable=False,
                        upload_to="cleaning/documents/%Y/",
                        verbose_name="file",
                    ),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                "verbose_name": "cleaning rules or standard",
                "verbose_name_plural": "cleaning rules and standards",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clcleaningdocument_county_id"),
                    models.Index(fields=["town", "id"], name="clcleaningdocument_town_id"),
                    models.Index(fields=["village", "id"], name="clcleaningdocument_village_id"),
                    models.Index(fields=["region", "id"], name="clcleaningdocument_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clcleaningdocument_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Inspection",
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
                ("inspected_on", models.DateField(verbose_name="inspected on")),
                ("inspector_name", models.CharField(max_length=50, verbose_name="inspector")),
                (
                    "score",
                    models.DecimalField(
                        decimal_places=1, default=Decimal("100"), max_digits=5, verbose_name="score"
                    ),
                ),
                (
                    "finding_count",
                    models.PositiveSmallIntegerField(default=0, verbose_name="findings"),
                ),
                (
                    "rechecked_count",
                    models.PositiveSmallIntegerField(default=0, verbose_name="findings re-checked"),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="inspections",
                        to="cleaning.campaign",
                        verbose_name="campaign",
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
                    "company",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="accounts.organisation",
                        verbose_name="cleaning company",
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
                    "inspector",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="inspector",
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
                "verbose_name": "cleanliness inspection",
                "verbose_name_plural": "cleanliness inspections",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clinspection_county_id"),
                    models.Index(fields=["town", "id"], name="clinspection_town_id"),
                    models.Index(fields=["village", "id"], name="clinspection_village_id"),
                    models.Index(fields=["region", "id"], name="clinspection_region_id"),
                    models.Index(fields=["inspected_on"], name="clinspection_day"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clinspection_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ScoreItem",
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
                            ("heap", "three heaps"),
                            ("disorder", "eight disorders"),
                            ("weak_spot", "weak spot"),
                            ("stacking_zone", "designated stacking zone"),
                            ("moved_to_edge", "garbage moved to the village's edge"),
                            ("standard", "town rules or village standard item"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.5")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="points deducted",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="source")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                    "document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="items",
                        to="cleaning.cleaningdocument",
                        verbose_name="from rules or standard",
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
                "verbose_name": "score-sheet item",
                "verbose_name_plural": "score-sheet items",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clscoreitem_county_id"),
                    models.Index(fields=["town", "id"], name="clscoreitem_town_id"),
                    models.Index(fields=["village", "id"], name="clscoreitem_village_id"),
                    models.Index(fields=["region", "id"], name="clscoreitem_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clscoreitem_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Finding",
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
                            ("heap", "three heaps"),
                            ("disorder", "eight disorders"),
                            ("weak_spot", "weak spot"),
                            ("stacking_zone", "designated stacking zone"),
                            ("moved_to_edge", "garbage moved to the village's edge"),
                            ("standard", "town rules or village standard item"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "points",
                    models.DecimalField(
                        decimal_places=1, max_digits=5, verbose_name="points deducted"
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=300, verbose_name="description"),
                ),
                (
                    "photo",
                    models.FileField(
                        blank=True,
                        default="",
                        editable=False,
                        upload_to=renju.cleaning.models.finding_photo_path,
                        verbose_name="photo",
                    ),
                ),
                ("deadline", models.DateTimeField(blank=True, null=True, verbose_name="deadline")),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "to rectify"), ("rectified", "rectified")],
                        default="open",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
                (
                    "recheck_count",
                    models.PositiveSmallIntegerField(default=0, verbose_name="re-checks"),
                ),
                (
                    "rectified_on",
                    models.DateField(blank=True, null=True, verbose_name="rectified on"),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cases.case",
                        verbose_name="case",
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
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="findings",
                        to="cleaning.inspection",
                        verbose_name="inspection",
                    ),
                ),
                (
                    "rechecked_in",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="rectified_findings",
                        to="cleaning.inspection",
                        verbose_name="rectified at re-check",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="findings",
                        to="cleaning.scoreitem",
                        verbose_name="item",
                    ),
                ),
            ],
            options={
                "verbose_name": "cleaning finding",
                "verbose_name_plural": "cleaning findings",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clfinding_county_id"),
                    models.Index(fields=["town", "id"], name="clfinding_town_id"),
                    models.Index(fields=["village", "id"], name="clfinding_village_id"),
                    models.Index(fields=["region", "id"], name="clfinding_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clfinding_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StaffingNorm",
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
                    "cleaners_per_thousand",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.01")),
                            django.core.validators.MaxValueValidator(Decimal("50")),
                        ],
                        verbose_name="cleaners per 1,000 residents",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        default="待核实",
                        help_text="The document that sets the figure; 待核实 when it cannot be cited.",
                        max_length=200,
                        verbose_name="source",
                    ),
                ),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                "verbose_name": "cleaner staffing norm",
                "verbose_name_plural": "cleaner staffing norms",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clstaffingnorm_county_id"),
                    models.Index(fields=["town", "id"], name="clstaffingnorm_town_id"),
                    models.Index(fields=["village", "id"], name="clstaffingnorm_village_id"),
                    models.Index(fields=["region", "id"], name="clstaffingnorm_region_id"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clstaffingnorm_code_unique",
                        violation_error_message="A row with this code already exists.",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WagePayment",
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
                    "month",
                    models.DateField(help_text="The first day of the month.", verbose_name="month"),
                ),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=8,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="amount (yuan)",
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due on")),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid on")),
                ("is_simulated", models.BooleanField(default=False, editable=False)),
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
                    "cleaner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="payments",
                        to="cleaning.cleaner",
                        verbose_name="cleaner",
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
                "verbose_name": "wage payment",
                "verbose_name_plural": "wage payments",
                "ordering": ["pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="clwagepayment_county_id"),
                    models.Index(fields=["town", "id"], name="clwagepayment_town_id"),
                    models.Index(fields=["village", "id"], name="clwagepayment_village_id"),
                    models.Index(fields=["region", "id"], name="clwagepayment_region_id"),
                    models.Index(fields=["due_on"], name="clwage_due"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="clwagepayment_code_unique",
                        violation_error_message="A row with this code already exists.",
                    ),
                    models.UniqueConstraint(
                        fields=("cleaner", "month"),
                        name="clwagepayment_once_a_month",
                        violation_error_message="This cleaner's wage for the month is recorded.",
                    ),
                ],
            },
        ),
    ]
