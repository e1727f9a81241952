"""Choices for the livestock ledgers (S3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Species(models.TextChoices):
    """The kinds of livestock counted for manure; each has a manure coefficient."""

    PIG = "pig", _("pigs")
    DAIRY_CATTLE = "dairy_cattle", _("dairy cattle")
    BEEF_CATTLE = "beef_cattle", _("beef cattle")
    SHEEP_GOAT = "sheep_goat", _("sheep and goats")
    LAYER = "layer", _("laying hens")
    BROILER = "broiler", _("broilers")
    DUCK_GOOSE = "duck_goose", _("ducks and geese")


class FarmStatus(models.TextChoices):
    ACTIVE = "active", _("in production")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed")


class UtilisationMethod(models.TextChoices):
    """Ways manure is put to use (畜禽粪污资源化利用); every one counts as utilised."""

    COMPOSTING = "composting", _("composting")
    BIOGAS = "biogas", _("biogas")
    FIELD_APPLICATION = "field_application", _("field application")
    ORGANIC_FERTILISER = "organic_fertiliser", _("organic fertiliser")
    OTHER = "other", _("other use")


class DisposalMethod(models.TextChoices):
    """Harmless disposal methods of the technical specification for dead animals
    (《病死及病害动物无害化处理技术规范》, 农医发〔2017〕25号)."""

    INCINERATION = "incineration", _("incineration")
    RENDERING = "rendering", _("rendering")
    HIGH_TEMPERATURE = "high_temperature", _("high-temperature treatment")
    DEEP_BURIAL = "deep_burial", _("deep burial")
    CHEMICAL = "chemical", _("chemical treatment")
    FERMENTATION = "fermentation", _("fermentation")
