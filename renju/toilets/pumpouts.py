"""Recording a pump-out: the crew's completion of a "toilet full" case.

One transaction resolves the case (``cases.actions.resolve``: permission and state checked on
the locked case), writes the ``PumpOut`` row and moves the toilet's ``last_pumpout``; each write
leaves its audit event. A refused step raises ``CaseActionError`` (shown to the crew member) or
``PermissionDenied`` (answered as "not found"), and nothing is saved: neither the rows nor the
photos' files (``cases.photos.saved_in_transaction``).

The case is the crew's authority over its toilet: the organisation the case was given to
records the pump-out of the case's own toilet, whether or not the toilet lies in one of its
service areas today (the assignment form offers a company only where it serves, but a county's
routing rule may name it, and an area can end while its cases are open).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renju.accounts.choices import OrganisationKind
from renju.accounts.models import Organisation
from renju.cases import actions
from renju.cases.actions import CaseActionError
from renju.cases.models import Case
from renju.cases.photos import saved_in_transaction
from renju.core import audit, sludge
from renju.core.models.audit import AuditAction

from .cases import TOILET_FULL
from .choices import SludgeDestination
from .models import HouseholdToilet, PumpOut

MAX_VOLUME = Decimal("100")
RECEIVER_KINDS = (OrganisationKind.COOPERATIVE, OrganisationKind.FAMILY_FARM)
TOILET_TYPE = "toilets.householdtoilet"


def receiving_organisations(case: Case) -> QuerySet[Organisation]:
    """Cooperatives and family farms that may receive the sludge: active, in the case's county."""
    return Organisation.objects.filter(
        kind__in=RECEIVER_KINDS, is_active=True, county_id=case.county_id
    ).order_by("name")


def receiving_plants(case: Case) -> list[tuple[str, str]]:
    """Plants of the case's county that take sludge for treatment (none without a receiver)."""
    return sludge.choices(case.county_id)


def _check_figures(
    volume: Decimal,
    destination: str,
    destination_org: Organisation | None,
    site: str,
    fee: Decimal,
    subsidy: Decimal,
    case: Case,
    plant: str = "",
) -> None:
    if volume is None or not Decimal("0") < Decimal(volume) <= MAX_VOLUME:
        raise CaseActionError(_("The volume must be more than 0 and at most 100 m³."))
    if destination not in SludgeDestination.values:
        raise CaseActionError(_("Say where the sludge went."))
    if Decimal(fee) < 0 or Decimal(subsidy) < 0:
        raise CaseActionError(_("Fees and subsidies cannot be negative."))
    if destination == SludgeDestination.REUSE:
        if destination_org is None:
            raise CaseActionError(_("Choose the cooperative or family farm that took the sludge."))
        if not receiving_organisations(case).filter(pk=destination_org.pk).exists():
            raise CaseActionError(_("That organisation cannot receive sludge for this case."))
        if plant:
            raise CaseActionError(_("Reused sludge is not delivered to a plant."))
    elif plant:
        if plant not in {value for value, _label in receiving_plants(case)}:
            raise CaseActionError(_("Choose a plant that accepts sludge in this county."))
    elif not site.strip() and destination_org is None:
        raise CaseActionError(_("Give the name of the treatment site."))


def _toilet(case: Case) -> HouseholdToilet:
    """The case's own toilet, locked.

    Not looked up in the user's scope: ``resolve`` has just checked that the user is of the
    organisation the case was given to, and the case names its toilet.
    """
    if case.category != TOILET_FULL.key or case.subject_type != TOILET_TYPE or not case.subject_id:
        raise CaseActionError(_("This case is not a pump-out of a household toilet."))
    toilet = (
        HouseholdToilet.objects.select_for_update()  # scope: the case's own toilet, see above
        .filter(pk=case.subject_id)
        .select_related("region")
        .first()
    )
    if toilet is None:
        raise CaseActionError(_("The toilet of this case no longer exists."))
    return toilet


@saved_in_transaction()
def record_pumpout(
    case: Case,
    user: Any,
    volume: Decimal,
    destination: str,
    destination_org: Organisation | None = None,
    site: str = "",
    fee: Decimal = Decimal("0"),
    subsidy: Decimal = Decimal("0"),
    photos: Iterable[Any] = (),
    note: str = "",
    plant: str = "",
) -> PumpOut:
    """Resolve a "toilet full" case with its pump-out record; returns the ``PumpOut``.

    ``destination`` is a ``SludgeDestination``; reuse needs the receiving cooperative or family
    farm (of the case's county), a treatment site its name or ``plant``, one of
    ``receiving_plants(case)``, whose delivery is then recorded too.
    """
    volume, fee, subsidy = Decimal(volume), Decimal(fee or 0), Decimal(subsidy or 0)
    plant = (plant or "").strip()
    _check_figures(volume, destination, destination_org, site, fee, subsidy, case, plant)
    if plant and not site.strip():
        site = dict(receiving_plants(case)).get(plant, "")
    figures = {
        "volume": str(volume),
        "destination": destination,
        "destination_org": destination_org.pk if destination_org else None,
        "destination_site": site.strip()[:100],
        "plant": plant or None,
        "household_fee": str(fee),
        "subsidy": str(subsidy),
    }
    # resolve() locks the case and checks who may act and from which state, before anything else.
    case = actions.resolve(case, user, note=note, photos=photos, data={"pumpout": figures})
    toilet = _toilet(case)
    if case.assigned_org is None:  # resolve() let only the responsible organisation's crew act
        raise CaseActionError(_("This case has no responsible organisation."))
    today = timezone.localdate()
    pumpout = PumpOut.objects.create(
        toilet=toilet,
        case=case,
        company=case.assigned_org,
        pumped_on=today,
        volume=volume,
        destination=destination,
        destination_org=destination_org,
        destination_site=site.strip()[:100],
        household_fee=fee,
        subsidy=subsidy,
    )
    audit.record(
        AuditAction.CREATE,
        pumpout,
        changes=audit.diff({}, audit.snapshot(pumpout)),
        region=toilet.region,
        actor=user,
    )
    before = toilet.last_pumpout
    if before is None or before < today:
        toilet.last_pumpout = today
        toilet.save(update_fields=["last_pumpout", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            toilet,
            changes={
                "last_pumpout": [audit.to_json(before), audit.to_json(today)],
            },
            actor=user,
        )
    if plant:
        try:
            sludge.record(user, pumpout, plant)
        except CaseActionError:
            raise
        except ValueError as exc:  # the receiver refused: nothing of the pump-out is kept
            raise CaseActionError(str(exc)) from exc
    return pumpout
