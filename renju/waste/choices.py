"""Choices of the waste chain and of sorting and resource use (S8, S9)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityStatus(models.TextChoices):
    """Whether a facility of the chain works."""

    IN_SERVICE = "in_service", _("in service")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed")


class PlantKind(models.TextChoices):
    """How a county treatment plant treats household waste."""

    INCINERATION = "incineration", _("incineration")
    SANITARY_LANDFILL = "sanitary_landfill", _("sanitary landfill")
    COMPOSTING = "composting", _("composting")
    ANAEROBIC_DIGESTION = "anaerobic_digestion", _("anaerobic digestion")
    SIMPLE_LANDFILL = "simple_landfill", _("simple (non-compliant) landfill")
    OTHER = "other", _("other treatment")


# Kinds that can never count as harmless treatment (a dump is not a sanitary landfill).
NEVER_HARMLESS = frozenset({PlantKind.SIMPLE_LANDFILL})


class VehicleKind(models.TextChoices):
    TRICYCLE = "tricycle", _("electric tricycle")
    BUCKET_LIFTER = "bucket_lifter", _("bin-lifting truck")
    COMPACTOR = "compactor", _("compactor truck")
    HOOK_LIFT = "hook_lift", _("hook-lift container truck")
    OTHER = "other", _("other vehicle")


class Material(models.TextChoices):
    """Agricultural waste collected for recycling (S9)."""

    PESTICIDE_PACKAGING = "pesticide_packaging", _("pesticide packaging")
    FERTILISER_PACKAGING = "fertiliser_packaging", _("fertiliser packaging")
    AGRICULTURAL_FILM = "agricultural_film", _("agricultural film")
    OTHER = "other", _("other agricultural waste")


class SiteState(models.TextChoices):
    """State of a construction-waste site."""

    IN_USE = "in_use", _("in use")
    FULL = "full", _("full, awaiting clearance")
    PLANNED = "planned", _("planned")
    CLOSED = "closed", _("closed")


class OrganicKind(models.TextChoices):
    COMPOSTING = "composting", _("composting")
    BIOGAS = "biogas", _("biogas digester")
    FEED_FERTILISER = "feed_fertiliser", _("feed or fertiliser processing")
    BIOMASS_FUEL = "biomass_fuel", _("biomass fuel")
    OTHER = "other", _("other")


class HarmlessBasis(models.TextChoices):
    """The denominator of the harmless treatment rate."""

    COLLECTED = "collected", _("waste collected")
    GENERATED = "generated", _("waste generated (estimated)")
