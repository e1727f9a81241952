"""cases.0001_initial … 0003_ancestors_unconstrained squashed by tools/squash_migrations.py: each model as
those migrations leave it, in one CreateModel (a fresh migrate renders it once).
"""

import django.db.models.deletion
import django.utils.timezone
import renju.cases.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("cases", "0001_initial"),
        ("cases", "0002_case_open_scope_index"),
        ("cases", "0003_ancestors_unconstrained"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("accounts", "__first__"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("code", models.CharField(max_length=24, verbose_name="case number")),
                ("category", models.CharField(max_length=48, verbose_name="category")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("qr", "QR code scan"),
                            ("grid", "grid member"),
                            ("inspection", "inspection"),
                            ("hotline", "hotline"),
                            ("staff", "staff"),
                            ("open311", "Open311"),
                            ("survey", "survey"),
                        ],
                        max_length=16,
                        verbose_name="source",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("new", "new"),
                            ("assigned", "assigned"),
                            ("accepted", "accepted"),
                            ("in_progress", "in progress"),
                            ("resolved", "resolved"),
                            ("confirmed", "confirmed"),
                            ("closed", "closed"),
                            ("rejected", "rejected"),
                            ("reopened", "reopened"),
                        ],
                        default="new",
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                (
                    "subject_type",
                    models.CharField(blank=True, max_length=64, verbose_name="subject type"),
                ),
                (
                    "subject_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="subject"),
                ),
                (
                    "subject_label",
                    models.CharField(blank=True, max_length=100, verbose_name="subject"),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "reporter_name",
                    models.CharField(blank=True, max_length=50, verbose_name="reporter"),
                ),
                (
                    "reporter_phone",
                    models.CharField(blank=True, max_length=20, verbose_name="reporter phone"),
                ),
                (
                    "reporter_token",
                    models.CharField(
                        default=renju.cases.models._token,
                        editable=False,
                        max_length=32,
                        unique=True,
                    ),
                ),
                (
                    "idempotency_key",
                    models.CharField(blank=True, max_length=64, null=True, unique=True),
                ),
                ("deadline", models.DateTimeField(blank=True, null=True, verbose_name="deadline")),
                (
                    "escalated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="escalated"),
                ),
                (
                    "accepted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="accepted"),
                ),
                (
                    "resolved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="resolved"),
                ),
                (
                    "confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
                ),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed")),
                (
                    "rating",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="rating"),
                ),
                (
                    "rating_comment",
                    models.CharField(blank=True, max_length=300, verbose_name="comment"),
                ),
                (
                    "reopen_count",
                    models.PositiveSmallIntegerField(default=0, verbose_name="reopened"),
                ),
                ("report_count", models.PositiveIntegerField(default=1, verbose_name="reports")),
                (
                    "reject_reason",
                    models.CharField(blank=True, max_length=300, verbose_name="reason"),
                ),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="details")),
                (
                    "assigned_org",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="accounts.organisation",
                        verbose_name="responsible organisation",
                    ),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_cases",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="crew member",
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
                    "duplicate_of",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="duplicates",
                        to="cases.case",
                        verbose_name="duplicate of",
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
                    "reporter_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
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
                "verbose_name": "case",
                "verbose_name_plural": "cases",
                "ordering": ["-pk"],
                "abstract": False,
                "indexes": [
                    models.Index(fields=["county", "id"], name="case_county_id"),
                    models.Index(fields=["town", "id"], name="case_town_id"),
                    models.Index(fields=["village", "id"], name="case_village_id"),
                    models.Index(fields=["region", "id"], name="case_region_id"),
                    models.Index(
                        fields=["assigned_org", "state", "deadline"], name="case_org_state"
                    ),
                    models.Index(fields=["subject_type", "subject_id"], name="case_subject"),
                    models.Index(
                        fields=["state", "deadline", "city", "county", "town", "village"],
                        name="case_open_scope",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code",),
                        name="case_code_unique",
                        violation_error_message="A case with this number already exists.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(
                            (
                                "state__in",
                                ["accepted", "assigned", "in_progress", "new", "reopened"],
                            ),
                            ("subject_id__isnull", False),
                        ),
                        fields=("category", "subject_type", "subject_id"),
                        name="case_one_active_per_subject",
                        violation_error_message="This subject already has an open case of this kind.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("rating__isnull", True),
                            models.Q(("rating__gte", 1), ("rating__lte", 5)),
                            _connector="OR",
                        ),
                        name="case_rating_1_5",
                        violation_error_message="A rating is from 1 to 5.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prefix", models.CharField(max_length=4)),
                ("day", models.DateField()),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("prefix", "day"), name="casecounter_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="CaseEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "time",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="time"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("created", "reported"),
                            ("assigned", "assigned to an organisation"),
                            ("accepted", "accepted"),
                            ("dispatched", "dispatched to a crew member"),
                            ("started", "work started"),
                            ("resolved", "resolved"),
                            ("confirmed", "confirmed by the reporter"),
                            ("closed", "closed"),
                            ("rejected", "rejected"),
                            ("reopened", "reopened"),
                            ("report_attached", "another report attached"),
                            ("escalated", "overdue, escalated"),
                            ("comment", "comment"),
                        ],
                        max_length=16,
                        verbose_name="event",
                    ),
                ),
                ("actor_label", models.CharField(blank=True, max_length=150, verbose_name="by")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "verbose_name": "case event",
                "verbose_name_plural": "case events",
                "ordering": ["time", "pk"],
            },
        ),
        migrations.CreateModel(
            name="CasePhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "image",
                    models.ImageField(
                        upload_to=renju.cases.models.photo_path, verbose_name="photo"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="cases.case",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="photos",
                        to="cases.caseevent",
                    ),
                ),
            ],
            options={
                "verbose_name": "photo",
                "verbose_name_plural": "photos",
            },
        ),
        migrations.CreateModel(
            name="CategorySLA",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("category", models.CharField(max_length=48, verbose_name="category")),
                ("hours", models.PositiveIntegerField(verbose_name="hours to fix")),
                (
                    "reopen_days",
                    models.PositiveSmallIntegerField(default=7, verbose_name="days to reopen"),
                ),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="source")),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                        verbose_name="county",
                    ),
                ),
            ],
            options={
                "verbose_name": "deadline rule",
                "verbose_name_plural": "deadline rules",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("category", "county"), name="categorysla_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("message", models.CharField(max_length=300, verbose_name="message")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="cases.case",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="RoutingRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("category", models.CharField(max_length=48, verbose_name="category")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="routing_rules",
                        to="accounts.organisation",
                        verbose_name="responsible organisation",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="regions.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "routing rule",
                "verbose_name_plural": "routing rules",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("category", "region"), name="routingrule_unique"
                    )
                ],
            },
        ),
    ]
