"""Organisation kinds, departments and roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renju.core.scoping import ADD, CHANGE, DELETE, EXPORT, IMPORT, VIEW


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("government")
    DEPARTMENT = "department", _("government department")
    VILLAGE_COMMITTEE = "village_committee", _("village committee")
    SERVICE_COMPANY = "service_company", _("service company")
    CLEANING_COMPANY = "cleaning_company", _("cleaning company")
    COOPERATIVE = "cooperative", _("cooperative")
    FAMILY_FARM = "family_farm", _("family farm")


# Organisations whose scope is their service areas, not the whole region of their grant.
SERVICE_AREA_KINDS = frozenset(
    {
        OrganisationKind.SERVICE_COMPANY,
        OrganisationKind.CLEANING_COMPANY,
        OrganisationKind.COOPERATIVE,
        OrganisationKind.FAMILY_FARM,
    }
)


class Department(models.TextChoices):
    """The departments the policy names (S2, S18)."""

    AGRICULTURE = "agriculture", _("agriculture and rural affairs")
    NATURAL_RESOURCES = "natural_resources", _("natural resources and planning")
    HOUSING = "housing", _("housing and urban-rural development")
    ECOLOGY = "ecology", _("ecology and environment")
    TRANSPORT = "transport", _("transport")
    HEALTH = "health", _("health")
    WATER = "water", _("water resources")
    FINANCE = "finance", _("finance")
    URBAN_MANAGEMENT = "urban_management", _("urban management")


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    OFFICER = "officer", _("officer")
    VIEWER = "viewer", _("viewer")
    DISPATCHER = "dispatcher", _("dispatcher")
    FIELD_WORKER = "field_worker", _("field worker")
    GRID_MEMBER = "grid_member", _("grid member")


# What each role may do on ledgers inside its grant. This table is the specification the
# permission-matrix test checks every ledger against.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT}),
    Role.OFFICER: frozenset({VIEW, ADD, CHANGE, DELETE, IMPORT, EXPORT}),
    Role.VIEWER: frozenset({VIEW, EXPORT}),
    Role.DISPATCHER: frozenset({VIEW, CHANGE, EXPORT}),
    Role.FIELD_WORKER: frozenset({VIEW, CHANGE}),
    Role.GRID_MEMBER: frozenset({VIEW, ADD, CHANGE}),
}

# Only administrators manage users and organisations, and only inside their grant.
MANAGE_USERS = "manage_users"
