"""Choices for the region tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.IntegerChoices):
    """The levels of the tree; the value is the depth, so a child is always parent + 1."""

    PROVINCE = 1, _("province")
    CITY = 2, _("city")
    COUNTY = 3, _("county")
    TOWN = 4, _("town")
    VILLAGE = 5, _("village")
    HAMLET = 6, _("hamlet")


# Code length per level: NBS codes are 2 + 2 + 2 + 3 + 3 digits; a hamlet adds 3 to its village.
CODE_LENGTH = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.COUNTY: 6,
    Level.TOWN: 9,
    Level.VILLAGE: 12,
    Level.HAMLET: 15,
}
LEVEL_BY_CODE_LENGTH = {length: level for level, length in CODE_LENGTH.items()}

# The ancestor column that holds a region of each level on a scoped row.
ANCESTOR_FIELD = {
    Level.CITY: "city",
    Level.COUNTY: "county",
    Level.TOWN: "town",
    Level.VILLAGE: "village",
}


class Kind(models.TextChoices):
    """What a unit is, from the NBS coding rules (统计用区划代码编制规则) and its name."""

    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    COUNTY = "county", pgettext_lazy("region kind", "county")
    COUNTY_CITY = "county_city", _("county-level city")
    DEVELOPMENT_ZONE = "development_zone", _("development zone")
    SUBDISTRICT = "subdistrict", _("subdistrict")
    TOWN = "town", pgettext_lazy("region kind", "town")
    TOWNSHIP = "township", _("township")
    TOWN_LIKE = "town_like", _("town-level unit")
    RESIDENTS_COMMITTEE = "residents_committee", _("residents' committee")
    VILLAGE_COMMITTEE = "village_committee", _("village committee")
    RESIDENTS_LIKE = "residents_like", _("residents'-committee-like unit")
    VILLAGE_LIKE = "village_like", _("village-committee-like unit")
    HAMLET = "hamlet", _("hamlet")


class LocationClass(models.TextChoices):
    """Where a village lies; the policy's priority areas for sewage come first (S10)."""

    URBAN_FRINGE = "urban_fringe", _("urban fringe")
    TOWN_SEAT = "town_seat", _("town seat")
    CENTRAL = "central", _("central village")
    ORDINARY = "ordinary", _("ordinary village")
    REMOTE = "remote", _("remote village")


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("merge")
    SPLIT = "split", _("split")
    RENAME = "rename", _("rename")
