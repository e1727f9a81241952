"""Toilet types (the national list of sanitary types), states and pump-out destinations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ToiletType(models.TextChoices):
    """Sanitary household toilet types (农村户厕建设规范 GB/T 38836-2020 lists these kinds)."""

    THREE_COMPARTMENT = "three_compartment", _("three-compartment septic tank")
    DOUBLE_URN = "double_urn", _("double-urn")
    BIOGAS = "biogas", _("biogas-linked")
    URINE_DIVERTING = "urine_diverting", _("urine-diverting")
    DOUBLE_PIT = "double_pit", _("double-pit alternating")
    SEWER = "sewer", _("flush to sewer")
    NON_SANITARY = "non_sanitary", _("non-sanitary")


SANITARY_TYPES = frozenset(set(ToiletType) - {ToiletType.NON_SANITARY})


class Condition(models.TextChoices):
    """Usable, or one of the policy's three problem kinds (S13)."""

    USABLE = "usable", _("usable")
    UNUSABLE = "unusable", _("unusable")
    HARD_TO_USE = "hard_to_use", _("hard to use")
    NOT_ALL_YEAR = "not_all_year", _("not usable all year")


PROBLEM_CONDITIONS = frozenset({Condition.UNUSABLE, Condition.HARD_TO_USE, Condition.NOT_ALL_YEAR})


class SludgeDestination(models.TextChoices):
    TREATMENT = "treatment", _("treatment site")
    REUSE = "reuse", _("reuse (cooperative or family farm)")
