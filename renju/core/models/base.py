"""The abstract base every ledger (台账) model inherits."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.scoping import RestrictedQuerySet


def scope_indexes(prefix: str) -> list[models.Index]:
    """The indexes every ledger declares: ``(county|town|village|region, id)``.

    They serve the scoped, paged list (filter on one ancestor, order by id) and the roll-ups
    (GROUP BY an ancestor); the plain foreign-key indexes are switched off as redundant.
    """
    return [
        models.Index(fields=[field, "id"], name=f"{prefix}_{field}_id")
        for field in ("county", "town", "village", "region")
    ]


def ancestor_field(
    verbose_name: Any = None, null: bool = True, on_delete: Any = models.PROTECT
) -> models.ForeignKey[Any, Any]:
    """One of a scoped row's ancestor columns (``city``/``county``/``town``/``village``): of a
    ledger row, or of an audit event (``on_delete=DO_NOTHING``; the trail checks no region at
    all and never holds one back).

    It is derived, never chosen: :meth:`LedgerModel.set_ancestors` (or the audit writer)
    copies it from the row's ``region``. So the database checks ``region`` only: the region's
    own ancestor columns are checked in the region table, and regions are never deleted (a
    merge or split ends a unit with ``valid_to``; ``PROTECT`` still stops a deletion in Django).
    A constraint here would check the same region again for every new row: PostgreSQL runs
    four more look-ups per row at COMMIT (a 100,000-row import's checks took 1.69 s with them,
    0.36 s without; bench/RESULTS.md).
    """
    return models.ForeignKey(
        "regions.Region",
        verbose_name=verbose_name,
        on_delete=on_delete,
        related_name="+",
        null=null,
        editable=False,
        db_index=False,  # the lists filter through the (ancestor, id) indexes of scope_indexes()
        db_constraint=False,
    )


class LedgerQuerySet(RestrictedQuerySet[Any]):
    pass


class LedgerModel(models.Model):
    """A row of a ledger, located in a village (or town/county for area-wide items).

    Rule: ``code`` identifies the row within its ledger; ``region`` is where it is, and the
    ancestor columns ``city``/``county``/``town``/``village`` are always that region's, kept by
    :meth:`set_ancestors` on every save and bulk path, so scoping is an indexed filter.
    """

    code = models.CharField(verbose_name=_("code"), max_length=32)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # covered by the (region, id) index of scope_indexes()
    )
    city = ancestor_field()
    county = ancestor_field()
    town = ancestor_field()
    village = ancestor_field()
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = LedgerQuerySet.as_manager()

    # The region levels a row of this ledger may sit at (by default villages and hamlets).
    allowed_levels: ClassVar[tuple[int, ...]] = (5, 6)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code

    def set_ancestors(self) -> None:
        region = self.region
        self.city_id = region.city_id
        self.county_id = region.county_id
        self.town_id = region.town_id
        self.village_id = region.village_id

    def clean(self) -> None:
        super().clean()
        region = getattr(self, "region", None)
        if region is None:
            return
        if region.level not in self.allowed_levels:
            raise ValidationError({"region": _("This ledger's rows must sit at a lower level.")})
        if region.valid_to is not None:
            raise ValidationError({"region": _("This region no longer exists (merged or split).")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_ancestors()
        super().save(*args, **kwargs)
