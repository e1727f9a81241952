"""Choices of the sewage app: treatment modes, facility kinds and states, discharge levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    """How a village's (or hamlet's) domestic sewage is treated (S10)."""

    SEWER = "sewer", _("sewer connection")
    CENTRALISED = "centralised", _("village centralised plant")
    DECENTRALISED = "decentralised", _("decentralised cluster or household units")
    REUSE = "reuse", _("resource reuse")
    UNTREATED = "untreated", _("untreated")


TREATED_MODES = frozenset(set(Mode) - {Mode.UNTREATED})


class FacilityKind(models.TextChoices):
    TOWN_PLANT = "town_plant", _("town or city plant (sewer connections)")
    VILLAGE_PLANT = "village_plant", _("village centralised plant")
    CLUSTER = "cluster", _("cluster unit")
    HOUSEHOLD = "household", _("household units")
    REUSE = "reuse", _("resource reuse facility")


# Centralised facilities enter the pollutant-discharge registration (排污登记, S11).
CENTRALISED_KINDS = frozenset({FacilityKind.TOWN_PLANT, FacilityKind.VILLAGE_PLANT})


class RunningState(models.TextChoices):
    NORMAL = "normal", _("running normally")
    FAULT = "fault", _("faulty")
    STOPPED = "stopped", _("stopped")
    BUILDING = "building", _("under construction")


# Facilities that should be running: the denominator of the normal-operation rate.
OPERATING_STATES = frozenset({RunningState.NORMAL, RunningState.FAULT, RunningState.STOPPED})


class DischargeLevel(models.TextChoices):
    """DB37/3693-2019 has two levels; a reuse facility discharges nothing to surface water."""

    LEVEL_1 = "level_1", _("level 1")
    LEVEL_2 = "level_2", _("level 2")
    NO_DISCHARGE = "none", _("no discharge (reused)")


class Parameter(models.TextChoices):
    PH = "ph", "pH"
    COD = "cod", "COD"
    SS = "ss", "SS"
    NH3N = "nh3n", "NH₃-N"
    TN = "tn", "TN"
    TP = "tp", "TP"


# Checked on every test; TN and TP only where the facility's permit requires them.
ALWAYS = (Parameter.PH, Parameter.COD, Parameter.SS, Parameter.NH3N)
NUTRIENTS = (Parameter.TN, Parameter.TP)


class PointState(models.TextChoices):
    OPEN = "open", _("discharging")
    CLOSED = "closed", _("closed")


class InspectionResult(models.TextChoices):
    NORMAL = "normal", _("normal")
    FAULT = "fault", _("fault found")


class FaultKind(models.TextChoices):
    EQUIPMENT = "equipment", _("equipment failure")
    POWER = "power", _("power cut")
    BLOCKAGE = "blockage", _("pipe blockage")
    OVERFLOW = "overflow", _("overflow")
    STOPPED = "stopped", _("not running")
    OTHER = "other", _("other")
