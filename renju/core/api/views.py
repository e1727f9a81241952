"""API base classes: every ledger's endpoint, scoped and audited like its pages."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, filters, parsers, serializers, viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.exceptions import PermissionDenied as Forbidden
from rest_framework.request import Request

from renju.core import actions, audit
from renju.core.ledgers.filters import filterset_for
from renju.core.ledgers.registry import Ledger
from renju.core.models.audit import Channel
from renju.core.scoping import ADD, CHANGE, DELETE, VIEW, region_in_scope, user_can
from renju.regions.models import Region

METHOD_ACTION = {
    "GET": VIEW,
    "HEAD": VIEW,
    "OPTIONS": VIEW,
    "POST": ADD,
    "PUT": CHANGE,
    "PATCH": CHANGE,
    "DELETE": DELETE,
}


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with its error in the user's language (DRF's is English in all)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            cause = exc.__context__
            if isinstance(cause, json.JSONDecodeError):
                message = _(
                    "The request body is not valid JSON (line %(line)s, column %(column)s)."
                ) % {"line": cause.lineno, "column": cause.colno}
            else:
                message = _("The request body is not valid JSON.")
            raise ParseError(message) from exc


# The parsers of the API's views that take a body: DRF's defaults, JSON's error translated.
PARSERS: list[type[parsers.BaseParser]] = [JSONParser, parsers.FormParser, parsers.MultiPartParser]


class AuditedAPIMixin:
    """Set the audit actor once DRF has authenticated the request (tokens come after middleware)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._audit: Any = audit.audit_context(actor=request.user, channel=Channel.API)
        self._audit.__enter__()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "_audit", None) is not None:
            self._audit.__exit__(None, None, None)
            self._audit = None
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


def not_found() -> NotFound:
    """The API's one "not found": the same for a missing row and one outside the user's area,
    naming neither the model nor the row (Django's own message names the model)."""
    return NotFound(_("Not found, or not in your area."))


class LedgerSchema(AutoSchema):
    """Each operation of a ledger's endpoint described for its users, in their language.

    Without this drf-spectacular would publish the nearest docstring of the view's classes,
    which are notes for programmers (``AuditedAPIMixin``'s).
    """

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's signature
        view: Any = self.view
        ledger: Ledger = view.ledger
        names = {"name": ledger.verbose_name_plural}
        match getattr(view, "action", None):
            case "list":
                return _(
                    "The %(name)s within your area, a page at a time. Filter by region (a region"
                    " code of any level) and the ledger's own fields, search with q (%(fields)s),"
                    " sort with ordering."
                ) % {**names, "fields": ", ".join(ledger.search)}
            case "retrieve":
                return (
                    _(
                        "One row of %(name)s within your area; personal data are masked unless you"
                        " may change the row."
                    )
                    % names
                )
            case "create":
                return _("Add a row to %(name)s within your area; the change is audited.") % names
            case "update" | "partial_update":
                return (
                    _("Change a row of %(name)s within your area; the change is audited.") % names
                )
            case "destroy":
                return (
                    _("Delete a row of %(name)s within your area; the deletion is audited.") % names
                )
        return ""


class LedgerViewSet(AuditedAPIMixin, viewsets.ModelViewSet):
    ledger: Ledger
    schema = LedgerSchema()
    parser_classes = PARSERS
    # Search is the filterset's q, as on the ledger's list page (DRF's SearchFilter would
    # advertise a search parameter that no ledger reads).
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]

    def get_object(self) -> Any:
        try:
            return super().get_object()
        except Http404 as exc:
            raise not_found() from exc

    def get_queryset(self) -> QuerySet[Any]:
        action = METHOD_ACTION.get(self.request.method or "GET", VIEW)
        manager: Any = self.ledger.model._default_manager
        return (
            manager.restrict(self.request.user, action)
            .select_related(*self.ledger.select_related)
            .order_by("pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        """Who may not add rows to the ledger anywhere is told so, before her row is read (a
        viewer was told that her own village "does not exist")."""
        if not user_can(request.user, ADD, self.ledger.model):
            raise Forbidden(_("You may not add rows to this ledger."))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    def _save(self, serializer: Any) -> None:
        instance = serializer.instance or self.ledger.model()
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        try:
            actions.save_object(self.request.user, instance)
        except PermissionDenied as exc:
            raise not_found() from exc
        serializer.instance = instance

    def perform_destroy(self, instance: Any) -> None:
        try:
            actions.delete_object(self.request.user, instance)
        except PermissionDenied as exc:
            raise not_found() from exc
        except actions.StillReferencedError as exc:
            raise StillReferencedConflict(str(exc)) from exc


class StillReferencedConflict(exceptions.APIException):
    """409: the row is still referred to by others (``actions.StillReferencedError``)."""

    status_code = 409
    default_code = "still_referenced"


class _CodeField(serializers.SlugRelatedField):
    """A related row by its code, refused in the import's words: a code that names nothing
    and one outside her area read the same; a value that is not a code (a list, an object) is
    not echoed back as Python."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("“{value}” does not exist or is outside your area"),
        "invalid": gettext_lazy("Give the code as text."),
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class ScopedRegionField(_CodeField):
    """A region by its code; writes must land inside the user's scope (else: does not exist)."""

    def __init__(self, levels: tuple[int, ...], **kwargs: Any) -> None:
        self.levels = levels
        super().__init__(slug_field="code", queryset=Region.objects.current(), **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        region = super().to_internal_value(data)
        request = self.context.get("request")
        action = ADD if request is not None and request.method == "POST" else CHANGE
        if region.level not in self.levels or (
            request is not None and not region_in_scope(request.user, region, action)
        ):
            self.fail("does_not_exist", value=data)
        return region


class ReachableSlugField(_CodeField):
    """A related row by its code, among those a row in the user's scope may point to (as the
    form and the import offer them): a household or company of another town does not exist
    here (the API once linked to any row of the city and named another town's village)."""

    def get_queryset(self) -> Any:
        queryset: Any = super().get_queryset()
        request = self.context.get("request")
        if request is not None and hasattr(queryset, "within_reach"):
            return queryset.within_reach(request.user)
        return queryset


def viewset_for(ledger: Ledger) -> type[LedgerViewSet]:
    """The API viewset of a ledger: its columns as fields, its filterset, its search."""
    levels = getattr(ledger.model, "allowed_levels", (5, 6))
    extra: dict[str, Any] = {"region": ScopedRegionField(levels=levels)}
    for name in ledger.columns:
        field = ledger.model._meta.get_field(name)
        if field.is_relation and name != "region":
            extra[name] = ReachableSlugField(
                slug_field=ledger.lookups.get(name, "code"),
                queryset=field.related_model._default_manager.all(),  # type: ignore[union-attr]
                # Optional where the model says so (a village's own cleaner has no company).
                required=not (getattr(field, "null", False) or getattr(field, "blank", False)),
                allow_null=bool(getattr(field, "null", False)),
            )
    meta = type(
        "Meta",
        (),
        {
            "model": ledger.model,
            "fields": ["id", *ledger.columns, "created_at", "updated_at"],
            "read_only_fields": ["created_at", "updated_at"],
        },
    )

    def validate(self: Any, attrs: dict[str, Any]) -> dict[str, Any]:
        """The ledger's own row rule (as on import and in the form), on the row as it will be."""
        if ledger.validate_row is not None:
            values = {n: getattr(self.instance, n, None) for n in ledger.columns}
            values.update(attrs)
            if errors := ledger.validate_row(values):
                raise serializers.ValidationError(errors)
        return attrs

    def to_representation(self: Any, instance: Any) -> Any:
        """Personal data masked for those who may not change the row (as in the list pages)."""
        data = serializers.ModelSerializer.to_representation(self, instance)
        request = self.context.get("request")
        if ledger.masks and request is not None:
            for name, masker in ledger.masks_for(request.user, instance).items():
                if data.get(name):
                    data[name] = masker(data[name])
        return data

    serializer = type(
        f"{ledger.model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {"Meta": meta, "validate": validate, "to_representation": to_representation, **extra},
    )
    return type(
        f"{ledger.model.__name__}ViewSet",
        (LedgerViewSet,),
        {
            "ledger": ledger,
            "serializer_class": serializer,
            "filterset_class": filterset_for(ledger),
            "ordering_fields": ledger.sort,
            "queryset": ledger.model._default_manager.none(),
        },
    )
