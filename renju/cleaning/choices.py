"""Choices of the cleaning app: score-sheet item kinds, documents, campaigns, findings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    """What a score-sheet item checks (S3 of the policy names each kind)."""

    HEAP = "heap", _("three heaps")
    DISORDER = "disorder", _("eight disorders")
    WEAK_SPOT = "weak_spot", _("weak spot")
    STACKING_ZONE = "stacking_zone", _("designated stacking zone")
    MOVED_TO_EDGE = "moved_to_edge", _("garbage moved to the village's edge")
    STANDARD = "standard", _("town rules or village standard item")


class DocumentKind(models.TextChoices):
    TOWN_RULES = "town_rules", _("town cleaning rules")
    VILLAGE_STANDARD = "village_standard", _("village cleaning standard")


class CampaignKind(models.TextChoices):
    THREE_CLEAN = "three_clean", _("three-cleanups-one-change campaign")
    SPRING = "spring", _("spring clean-up")
    SUMMER = "summer", _("summer clean-up")
    AUTUMN = "autumn", _("autumn clean-up")
    WINTER = "winter", _("winter clean-up")
    OTHER = "other", _("other clean-up")


class CampaignResult(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    PARTIAL = "partial", _("partly done")
    NOT_DONE = "not_done", _("not done")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("to rectify")
    RECTIFIED = "rectified", _("rectified")


class Employer(models.TextChoices):
    VILLAGE = "village", _("village collective")
    COMPANY = "company", _("cleaning company")


class ContractModel(models.TextChoices):
    """The market operating models the policy names (S15: 管家式, 物业式)."""

    BUTLER = "butler", _("butler-style")
    PROPERTY = "property", _("property-style")
    OTHER = "other", _("other")
