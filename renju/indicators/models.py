"""Kept indicator values per region and period, and the targets they are judged against."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class IndicatorValue(models.Model):
    """The numerator and denominator of an indicator for a region in a period.

    Rule: village rows are computed from the ledgers; town, county and city rows are the sums of
    the village rows below them (never averages of ratios); a missing denominator is "no data".
    The current period's rows are refreshed (a row is written again when its value changed,
    ``computed_at`` saying when); past periods stay as they were, under the region they were
    computed for (a merged village's history stays under its old row).
    """

    indicator = models.CharField(verbose_name=_("indicator"), max_length=48)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(verbose_name=_("level"))
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(verbose_name=_("period"))
    numerator = models.FloatField(verbose_name=_("numerator"), null=True)
    denominator = models.FloatField(verbose_name=_("denominator"), null=True)
    computed_at = models.DateTimeField(verbose_name=_("computed"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period_kind", "period_start"],
                name="indicatorvalue_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["region", "period_kind", "period_start"], name="indicatorvalue_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.period_start}"


class Target(models.Model):
    """A target for an indicator in a county (from its plan, 一县一策), overriding the default.

    Rule: the most recent target whose year is not after the period's year applies.
    """

    indicator = models.CharField(verbose_name=_("indicator"), max_length=48)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    value = models.FloatField(verbose_name=_("target"))
    source = models.CharField(verbose_name=_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.year}: {self.value}"
