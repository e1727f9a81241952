"""The service-area ledger's declaration."""

from renju.core.ledgers import Ledger, register

from .models import ServiceArea

service_areas = register(
    Ledger(
        model=ServiceArea,
        slug="service-areas",
        company_services=frozenset(ServiceArea.Service.values),
        company_own="organisation",
        domain="accounts",
        icon="geo-alt",
        columns=[
            "code",
            "organisation",
            "region",
            "service",
            "status",
            "contract_no",
            "start_date",
            "end_date",
        ],
        list_columns=["code", "organisation", "region", "service", "status", "end_date"],
        filters=["service", "status"],
        search=["code", "organisation__name", "contract_no"],
        sort=["code", "end_date"],
        lookups={"organisation": "code"},
        select_related=("region", "organisation"),
    )
)
