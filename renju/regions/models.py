"""The region tree: city → county → town → village → hamlet, keyed by the official NBS code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from renju.core import generations
from renju.core.scoping import RestrictedQuerySet
from renju.core.validators import LATITUDE, LONGITUDE

from .choices import ANCESTOR_FIELD, ChangeKind, Kind, Level, LocationClass

if TYPE_CHECKING:
    pass

# The generation of the cached look-ups of units (``Region.ancestors``,
# ``services.first_version``): any write to a region starts them again (``core.generations``;
# ``RegionsConfig.ready`` watches the model). The tree changes a few times a year; the pages
# look units up by code and list their ancestors on every request.
REGIONS = "regions"


class RegionQuerySet(RestrictedQuerySet["Region"]):
    def current(self) -> RegionQuerySet:
        return self.filter(valid_to__isnull=True)

    def current_first(self) -> RegionQuerySet:
        """The current unit of a code before its retired versions, on every database.

        ``order_by("valid_to")`` does that on SQLite only: PostgreSQL sorts NULLs last.
        """
        return self.order_by(F("valid_to").asc(nulls_first=True))

    def within(self, user: Any, action: str) -> RegionQuerySet:
        """Only the regions inside the user's scope for ``action`` (no ancestors): for writes."""
        from renju.core.scoping import scope_regions

        scope = scope_regions(user, action)
        if scope is None:
            return self
        q = Q(pk__in=[])
        for region in scope:
            q |= region.scope_filter_for_regions()
        return self.filter(q)

    def restrict(self, user: Any, action: str = "view") -> RegionQuerySet:
        """A user sees the regions inside her grants and their ancestors (for breadcrumbs)."""
        from renju.core.scoping import scope_regions

        scope = scope_regions(user, action)
        if scope is None:
            return self
        if not scope:
            return self.none()
        q = Q()
        for region in scope:
            q |= region.scope_filter_for_regions() | Q(pk__in=[region.pk, *region.ancestor_ids()])
        # Units that were merged or renamed into a granted one stay readable to its users.
        q |= Q(
            pk__in=Region.objects.filter(changes_out__targets__in=[r.pk for r in scope]).values(
                "pk"
            )
        )
        return self.filter(q)


class Region(models.Model):
    """One unit of the administrative tree.

    Rule: ``code`` is the NBS statistical division code of the unit (hamlets: the village code
    plus three digits) and is unique among *current* units; a unit that was merged, split or
    renamed away keeps its row with ``valid_to`` set, so its history stays readable under its old
    name. ``city``/``county``/``town``/``village`` always hold the unit's ancestors (and itself at
    its own level), so scoping and roll-ups are indexed equality filters.
    """

    code = models.CharField(verbose_name=_("code"), max_length=15, db_index=True)
    name = models.CharField(verbose_name=_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(verbose_name=_("level"), choices=Level.choices)
    kind = models.CharField(verbose_name=_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    city = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    county = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    town = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    village = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    zone = models.ForeignKey(
        "DevelopmentZone",
        verbose_name=_("development zone"),
        help_text=_("The city-run zone that manages this town, if any."),
        on_delete=models.SET_NULL,
        related_name="towns",
        null=True,
        blank=True,
    )
    valid_from = models.DateField(verbose_name=_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        verbose_name=_("valid to"),
        help_text=_("Set when the unit was merged, split or renamed away."),
        null=True,
        blank=True,
    )
    # Village attributes (empty above village level).
    registered_population = models.PositiveIntegerField(
        verbose_name=_("registered population"), null=True, blank=True
    )
    resident_population = models.PositiveIntegerField(
        verbose_name=_("resident population"), null=True, blank=True
    )
    household_count = models.PositiveIntegerField(
        verbose_name=_("households"), null=True, blank=True
    )
    location_class = models.CharField(
        verbose_name=_("location class"),
        max_length=16,
        choices=LocationClass.choices,
        blank=True,
    )
    yellow_river = models.BooleanField(
        verbose_name=_("along the Yellow River mainline"), default=False
    )
    latitude = models.FloatField(
        verbose_name=_("latitude"), null=True, blank=True, validators=LATITUDE
    )
    longitude = models.FloatField(
        verbose_name=_("longitude"), null=True, blank=True, validators=LONGITUDE
    )
    boundary = models.TextField(
        verbose_name=_("boundary"),
        help_text=_("GeoJSON geometry (WGS-84), for counties and the city."),
        blank=True,
    )
    attributes_simulated = models.BooleanField(
        verbose_name=_("simulated attributes"),
        help_text=_("Population, location and centroid come from the demo generator."),
        default=False,
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="region_code_unique_current",
                violation_error_message=_("A current region with this code already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["level", "code"], name="region_level_code"),
            models.Index(fields=["parent", "code"], name="region_parent_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def is_residents_committee(self) -> bool:
        return self.kind in {Kind.RESIDENTS_COMMITTEE, Kind.RESIDENTS_LIKE}

    def set_ancestors(self) -> None:
        """Fill the ancestor columns from the parent chain (and self at its own level)."""
        for field in ANCESTOR_FIELD.values():
            setattr(self, f"{field}_id", None)
        if self.parent is not None:
            for field in ANCESTOR_FIELD.values():
                setattr(self, f"{field}_id", getattr(self.parent, f"{field}_id"))
        own = ANCESTOR_FIELD.get(Level(self.level))
        if own and self.pk:
            setattr(self, f"{own}_id", self.pk)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_ancestors()
        super().save(*args, **kwargs)
        own = ANCESTOR_FIELD.get(Level(self.level))
        if own and getattr(self, f"{own}_id") != self.pk:
            setattr(self, f"{own}_id", self.pk)
            Region.objects.filter(pk=self.pk).update(**{f"{own}_id": self.pk})

    def ancestor_ids(self) -> list[int]:
        ids = [self.city_id, self.county_id, self.town_id, self.village_id, self.parent_id]
        return [i for i in ids if i and i != self.pk]

    def ancestors(self) -> list[Region]:
        """From the top down, excluding self; one query, or none when the cache has them."""
        ids = self.ancestor_ids()
        if not ids:
            return []

        def read() -> list[Region]:
            by_id = {r.pk: r for r in Region.objects.filter(pk__in=ids)}
            return sorted(by_id.values(), key=lambda r: r.level)

        return generations.cached(REGIONS, f"ancestors:{'.'.join(map(str, ids))}", read)

    def scope_filter(self, prefix: str = "") -> Q:
        """The filter that selects rows inside this region on a model with ancestor columns."""
        field = ANCESTOR_FIELD.get(Level(self.level))
        if field is None:  # province or hamlet: by code prefix on the row's own region
            return Q(**{f"{prefix}region__code__startswith": self.code})
        return Q(**{f"{prefix}{field}_id": self.pk})

    def scope_filter_for_regions(self) -> Q:
        """The filter that selects the regions under this one (and itself)."""
        field = ANCESTOR_FIELD.get(Level(self.level))
        if field is None:
            return Q(code__startswith=self.code)
        return Q(**{f"{field}_id": self.pk})

    def lies_under(self, region: Region) -> bool:
        """True when ``region.scope_filter_for_regions()`` selects this unit (itself or below)."""
        field = ANCESTOR_FIELD.get(Level(region.level))
        if field is None:
            return self.code.startswith(region.code)
        return bool(getattr(self, f"{field}_id") == region.pk)

    def seen_from(self, scope: list[Region]) -> bool:
        """True when ``RegionQuerySet.restrict`` with ``scope`` selects this unit for lying under
        one of the scope's regions or above it; the row and the scope answer that without a
        query. False leaves the rule's last part open (units merged into a granted one): ask
        ``restrict()``."""
        return any(self.pk in region.ancestor_ids() or self.lies_under(region) for region in scope)


class DevelopmentZone(models.Model):
    """A city-run zone (市属开发区) that acts as a county over some towns.

    Rule: zones have no NBS county code of their own (their towns stay under their county in the
    tree); a zone is the set of towns that point to it, and a grant on a zone covers those towns.
    """

    code = models.CharField(verbose_name=_("code"), max_length=16, unique=True)
    name = models.CharField(verbose_name=_("name"), max_length=100)
    city = models.ForeignKey(
        "Region", verbose_name=_("city"), on_delete=models.PROTECT, related_name="zones"
    )
    source_note = models.CharField(verbose_name=_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("development zone")
        verbose_name_plural = _("development zones")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RegionChange(models.Model):
    """A merge, split or rename of units, effective on a date.

    Rule: the ``sources`` stop being current on ``effective_date`` (their ``valid_to``), the
    ``targets`` are current from it, and every ledger row located in a source is moved to the
    target chosen by the change (one target for a merge or rename; for a split, rows move by the
    hamlet map or to the first target). The move is audited row by row.
    """

    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=ChangeKind.choices)
    effective_date = models.DateField(verbose_name=_("effective date"))
    sources: models.ManyToManyField[Region, Any] = models.ManyToManyField(
        "Region", verbose_name=_("from"), related_name="changes_out"
    )
    targets: models.ManyToManyField[Region, Any] = models.ManyToManyField(
        "Region", verbose_name=_("to"), related_name="changes_in"
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    document = models.CharField(verbose_name=_("approval document"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("region change")
        verbose_name_plural = _("region changes")
        ordering = ["-effective_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%Y-%m-%d}"
