"""The water-body ledgers' declarations: the bodies, their monitoring samples and the public
surveys' results."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renju.core.ledgers import Ledger, register

from .models import PublicSurvey, WaterBody, WaterSample


def validate_sample(values: dict[str, Any]) -> dict[str, str]:
    """A sample sits where its water body is."""
    body, region = values.get("water_body"), values.get("region")
    if body is not None and region is not None and body.region_id != region.pk:
        return {
            "region": _("must be the region of the water body (%(code)s)")
            % {"code": body.region.code}
        }
    return {}


def validate_survey(values: dict[str, Any]) -> dict[str, str]:
    """A survey sits where its water body is; no more judge it black-odorous than answered."""
    errors = validate_sample(values)
    respondents, judged = values.get("respondents"), values.get("judged_black_odorous")
    if respondents is not None and judged is not None and judged > respondents:
        errors["judged_black_odorous"] = _("cannot be more than the respondents (%(n)s)") % {
            "n": respondents
        }
    return errors


def classify_written(user: Any, queryset: Any) -> None:
    """Every write path classifies the samples and may make their bodies relapse."""
    from .workflow import classify_samples

    classify_samples(user, queryset)


water_bodies = register(
    Ledger(
        model=WaterBody,
        slug="water-bodies",
        domain="water",
        icon="water",
        columns=[
            "code",
            "name",
            "region",
            "kind",
            "location",
            "length_m",
            "area_m2",
            "villages_around",
            "suspected_sources",
            "threshold_set",
            "identified_on",
        ],
        list_columns=["code", "name", "region", "kind", "state", "grade", "relapse_count"],
        filters=["kind", "state", "grade"],
        search=["code", "name"],
        sort=["code", "name", "updated_at"],
        lookups={"threshold_set": "key"},
    )
)

water_samples = register(
    Ledger(
        model=WaterSample,
        slug="water-samples",
        domain="water",
        icon="eyedropper",
        columns=[
            "code",
            "water_body",
            "region",
            "sampled_on",
            "point",
            "transparency_cm",
            "depth_cm",
            "do_mg_l",
            "nh3n_mg_l",
            "orp_mv",
            "sampled_by",
        ],
        list_columns=[
            "code",
            "water_body",
            "region",
            "sampled_on",
            "point",
            "transparency_cm",
            "do_mg_l",
            "nh3n_mg_l",
            "grade",
        ],
        filters=["grade"],
        search=["code", "water_body__code"],
        sort=["code", "sampled_on"],
        validate_row=validate_sample,
        after_write=classify_written,
        select_related=("region", "water_body"),
    )
)

public_surveys = register(
    Ledger(
        model=PublicSurvey,
        slug="water-surveys",
        domain="water",
        icon="people",
        columns=[
            "code",
            "water_body",
            "region",
            "surveyed_on",
            "respondents",
            "judged_black_odorous",
            "note",
        ],
        list_columns=[
            "code",
            "water_body",
            "region",
            "surveyed_on",
            "respondents",
            "judged_black_odorous",
        ],
        search=["code", "water_body__code"],
        sort=["code", "surveyed_on"],
        validate_row=validate_survey,
        select_related=("region", "water_body"),
    )
)
