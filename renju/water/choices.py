"""Choices of the water-body app: kinds, states of the dynamic list, measures, grades."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """The kinds of rural water body the policy names (河道、沟渠、坑塘)."""

    RIVER = "river", _("river section")
    DITCH = "ditch", _("ditch")
    POND = "pond", _("pond")
    OTHER = "other", _("other water body")


class BodyState(models.TextChoices):
    """The place of a water body on the dynamic list (S12).

    identified → in remediation → remediated → under observation → accepted; a failing sample
    or a complaint after remediation makes it relapsed (返黑返臭), back on the list.
    """

    IDENTIFIED = "identified", _("identified")
    IN_REMEDIATION = "in_remediation", _("in remediation")
    REMEDIATED = "remediated", _("remediated")
    OBSERVATION = "observation", _("under observation")
    ACCEPTED = "accepted", _("accepted and struck off")
    RELAPSED = "relapsed", _("relapsed")


# States after remediation: a failing sample or a complaint here is a relapse.
AFTER_REMEDIATION = frozenset({BodyState.REMEDIATED, BodyState.OBSERVATION, BodyState.ACCEPTED})
# Bodies on the dynamic problem list (still to be fixed, or fixed but not yet accepted).
ON_LIST = frozenset(s for s in BodyState if s != BodyState.ACCEPTED)


class Measure(models.TextChoices):
    """The remediation measures of the policy (控源截污、清淤疏浚、水系连通、生态修复)."""

    SOURCE_CONTROL = "source_control", _("source control")
    DREDGING = "dredging", _("dredging")
    CONNECTION = "connection", _("connection")
    ECOLOGICAL_RESTORATION = "ecological_restoration", _("ecological restoration")


class Grade(models.TextChoices):
    """The classification of a sample or a body. ``black_odorous`` is the ungraded verdict of
    a threshold set without grades (the rural guideline); light/heavy are the urban grades."""

    CLEAN = "clean", _("not black-odorous")
    BLACK_ODOROUS = "black_odorous", _("black-odorous")
    LIGHT = "light", _("lightly black-odorous")
    HEAVY = "heavy", _("heavily black-odorous")


# Severity, for taking the worst grade: any grade above 0 is black-odorous.
SEVERITY: dict[str, int] = {
    Grade.CLEAN: 0,
    Grade.LIGHT: 1,
    Grade.BLACK_ODOROUS: 1,
    Grade.HEAVY: 2,
}


class Parameter(models.TextChoices):
    """The measured parameters a threshold can apply to (the sample's field names)."""

    TRANSPARENCY = "transparency_cm", _("transparency (cm)")
    DISSOLVED_OXYGEN = "do_mg_l", _("dissolved oxygen (mg/L)")
    ORP = "orp_mv", _("oxidation-reduction potential (mV)")
    AMMONIA = "nh3n_mg_l", _("ammonia nitrogen (mg/L)")


class Comparison(models.TextChoices):
    """How a value meets a limit; both are strict (the limit itself does not trigger)."""

    BELOW = "lt", _("below (<)")
    ABOVE = "gt", _("above (>)")


class SetKind(models.TextChoices):
    RURAL = "rural", _("rural guideline")
    URBAN = "urban", _("urban guideline")
    LOCAL = "local", _("local rule")
