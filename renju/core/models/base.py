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
    city = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        db_index=False,
    )
    county = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        db_index=False,
    )
    town = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        db_index=False,
    )
    village = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        db_index=False,
    )
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
