from django.db import models
from django.utils.translation import gettext_lazy as _


class Residence(models.TextChoices):
    """Whether the household lives in the village (常住) or mostly away (外出)."""

    RESIDENT = "resident", _("resident")
    AWAY = "away", _("away")
