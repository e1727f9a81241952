"""Choices of county plans, projects, funding and the responsibility matrix (S1, S2, S17, S18)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    """A county plan's place in its review: drafted by the county, reviewed by the city."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for revision")


class ProjectDomain(models.TextChoices):
    """The work a project belongs to, as the policy groups it."""

    TOILETS = "toilets", _("toilets")
    SEWAGE = "sewage", _("sewage")
    WATER = "water", _("water bodies")
    WASTE = "waste", _("household waste")
    CLEANING = "cleaning", _("village cleaning")
    ROADS = "roads", _("rural roads")
    VILLAGESCAPE = "villagescape", _("village appearance")
    LIVESTOCK = "livestock", _("livestock manure")
    COMMUNITY = "community", _("villager participation")
    OTHER = "other", _("other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    SUSPENDED = "suspended", _("suspended")


class InnovationKind(models.TextChoices):
    """Which part of the model a project innovates in (S2)."""

    FINANCING = "financing", _("financing")
    CONSTRUCTION = "construction", _("construction")
    OPERATION = "operation", _("operation and maintenance")


class FundingSource(models.TextChoices):
    """The channels money comes through (S17)."""

    FISCAL = "fiscal", _("fiscal funds")
    BOND = "bond", _("local-government bonds")
    SOCIAL = "social", _("social capital")
    COLLECTIVE = "collective", _("village collective")
    VILLAGERS = "villagers", _("villagers' contribution")


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("lead")
    COOPERATE = "cooperate", _("cooperating")
