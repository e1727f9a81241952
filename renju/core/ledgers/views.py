"""The pages every ledger gets: list, detail with history, create, edit, delete, import, export.

Views only parse, call an action and render; permission is ``restrict()`` plus the actions'
re-check in the transaction.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from renju.core import actions, jobs, spreadsheets
from renju.core.formats import readable_number
from renju.core.masking import mask_changes
from renju.core.models import AuditEvent, Job
from renju.core.navigation import fixed_url
from renju.core.pagination import paginate
from renju.core.scoping import (
    ADD,
    CHANGE,
    DELETE,
    EXPORT,
    IMPORT,
    VIEW,
    get_scoped_or_404,
    user_can,
)
from renju.regions.services import home_region, shown_version

from . import transfer
from .filters import filterset_for
from .forms import ImportForm, edit_form_class
from .registry import Ledger, heading

INLINE_EXPORT_ROWS = 20_000


class LedgerView(LoginRequiredMixin, View):
    ledger: Ledger = cast(Ledger, None)  # given by as_view(ledger=...) in urls
    action = VIEW

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and (
            self.action not in self.ledger.actions
            or not user_can(request.user, self.action, self.ledger.model)
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, action: str | None = None) -> QuerySet[Any]:
        manager: Any = self.ledger.model._default_manager
        return manager.restrict(self.request.user, action or self.action)

    def get_object(self, action: str | None = None) -> Any:
        return get_scoped_or_404(
            self.ledger.model._default_manager,
            self.request.user,
            action or self.action,
            pk=self.kwargs["pk"],
        )

    def url(self, name: str, **kwargs: Any) -> str:
        if not kwargs:
            return fixed_url(f"ledgers:{self.ledger.slug}-{name}")
        return reverse(f"ledgers:{self.ledger.slug}-{name}", kwargs=kwargs)

    def context(self, **extra: Any) -> dict[str, Any]:
        user = self.request.user
        can = {
            a: a in self.ledger.actions and user_can(user, a, self.ledger.model)
            for a in (ADD, CHANGE, DELETE, IMPORT, EXPORT)
        }
        return {"ledger": self.ledger, "can": can, "urls": self.urls(), **extra}

    def urls(self) -> dict[str, str]:
        return {n: self.url(n) for n in ("list", "add", "import", "export", "template")}


class LedgerListView(LedgerView):
    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = filterset_for(self.ledger)(
            request.GET or None, queryset=self.scoped(), request=request
        )
        queryset = filterset.qs.select_related(*self.ledger.select_related)
        if self.ledger.list_fields:  # the listed columns only: a row has 10-30 fields
            queryset = queryset.only(*self.ledger.list_fields)
        # The unit the filter looked up heads the breadcrumb; a unit she may not see (or none
        # by that code) is not found, as on the region's own pages, not an empty table.
        region = shown_version(request.user, filterset.region_found)
        if region is None:
            if filterset.is_bound and filterset.form.cleaned_data.get("region"):
                raise Http404
            region = home_region(request.user)
        sort = request.GET.get("sort", "")
        queryset = queryset.order_by(*self.ledger.ordering(sort))
        page = paginate(queryset, request.GET.get("page"))
        rows = [
            (obj, [self.ledger.mask(obj, name) for name in self.ledger.list_columns])
            for obj in page.rows
        ]
        query = request.GET.copy()
        query.pop("page", None)
        unsorted = query.copy()
        unsorted.pop("sort", None)
        context = self.context(
            filterset=filterset,
            unsorted_query=unsorted.urlencode(),  # the column headers add their own sort
            page=page,
            rows=rows,
            headers=[(n, self.ledger.field_label(n)) for n in self.ledger.list_columns],
            region=region,
            region_ancestors=region.ancestors() if region else [],
            filters=self.ledger.filter_controls(request.GET),
            query=query.urlencode(),
            sort=sort,
        )
        template = "ledgers/_table.html" if _is_fragment_request(request) else "ledgers/list.html"
        return render(request, template, context)


class LedgerDetailView(LedgerView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        masks = self.ledger.masks_for(self.request.user, obj)
        fields = [
            (
                c.header if request.LANGUAGE_CODE.startswith("zh") else heading(c.header_en),
                _display(obj, c.name, masks.get(c.name), self.ledger.formats.get(c.name)),
            )
            for c in self.ledger.spreadsheet_columns
        ]
        own = Q(object_type=self.ledger.model._meta.label_lower, object_id=str(obj.pk))
        if self.ledger.history_children:
            own |= Q(
                object_type__in=self.ledger.history_children,
                object_repr__startswith=f"{obj.code} · ",
            )
        history = list(AuditEvent.objects.filter(own).order_by("-time", "-pk")[:200])
        if masks:
            mask_changes(history, lambda _type: masks)
        return render(
            request,
            "ledgers/detail.html",
            self.context(
                object=obj,
                fields=fields,
                history=history,
                tab=request.GET.get("tab", ""),
                links=self.ledger.detail_links(obj) if self.ledger.detail_links else [],
            ),
        )


def _is_fragment_request(request: HttpRequest) -> bool:
    """htmx asks for the table only; a history restore (Back button) needs the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _display(obj: Any, name: str, masker: Any = None, formatter: Any = None) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    if masker is not None and value:
        value = masker(value)
    elif formatter is not None and value is not None:
        value = formatter(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return readable_number(value) if value not in (None, "") else "—"


class LedgerEditView(LedgerView):
    action = CHANGE

    def form_class(self) -> Any:
        return edit_form_class(self.ledger, self.request.user, self.action)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object() if pk else None
        return self.show(self.form_class()(instance=obj), obj)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object() if pk else None
        form = self.form_class()(request.POST, instance=obj)
        if form.is_valid():
            try:
                actions.save_object(request.user, form.instance)
            except PermissionDenied:
                form.add_error(None, _("You cannot write in that region."))
            else:
                messages.success(request, _("Saved."))
                return redirect(self.url("detail", pk=form.instance.pk))
        return self.show(form, obj, status=400)

    def show(self, form: Any, obj: Any, status: int = 200) -> HttpResponse:
        return render(
            request=self.request,
            template_name="ledgers/edit.html",
            context=self.context(form=form, object=obj),
            status=status,
        )


class LedgerCreateView(LedgerEditView):
    action = ADD


class LedgerDeleteView(LedgerView):
    action = DELETE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, "ledgers/delete.html", self.context(object=self.get_object()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        try:
            actions.delete_object(request.user, obj)
        except PermissionDenied as exc:
            raise Http404 from exc
        except actions.StillReferencedError as exc:
            messages.error(request, str(exc))
            return redirect(self.url("detail", pk=obj.pk))
        messages.success(request, _("Deleted %(object)s.") % {"object": obj})
        return redirect(self.url("list"))


class LedgerTemplateView(LedgerView):
    action = IMPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(
            transfer.write_template(self.ledger), content_type=spreadsheets.XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{self.ledger.slug}-template.xlsx"'
        return response


class LedgerImportView(LedgerView):
    action = IMPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "ledgers/import.html", self.context(form=ImportForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "ledgers/import.html", self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        job = Job(
            kind="ledger_import",
            title=_("Import %(ledger)s: %(file)s")
            % {"ledger": self.ledger.verbose_name, "file": upload.name},
            user=request.user,  # type: ignore[misc]
            params={
                "ledger": self.ledger.slug,
                "format": form.cleaned_data["format"],
                "filename": upload.name,
            },
        )
        job.input_file.save(upload.name, ContentFile(upload.read()), save=False)
        job.save()
        from django.conf import settings

        inline = upload.size < settings.RENJU_MAX_UPLOAD_BYTES and _small(job)
        jobs.start(job, inline=inline)
        return redirect("core:job", pk=job.pk)


def _small(job: Job) -> bool:
    """Small files (by a quick size estimate) are imported inside the request."""
    from django.conf import settings

    size = job.input_file.size
    # About 60 bytes a row in .csv and 25 in compressed .xlsx.
    per_row = 60 if job.params["format"] == "csv" else 25
    return size // per_row < settings.RENJU_IMPORT_BACKGROUND_ROWS


class LedgerExportView(LedgerView):
    action = EXPORT

    def get(self, request: HttpRequest) -> HttpResponseBase:
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        filters = {k: v for k, v in request.GET.items() if k not in {"format", "page", "sort"}}
        sort = request.GET.get("sort", "")  # the rows in the order the list shows them
        filterset = filterset_for(self.ledger)(
            filters or None, queryset=self.scoped(), request=request
        )
        queryset = filterset.qs.order_by(*self.ledger.ordering(sort))
        count = queryset.order_by()[: INLINE_EXPORT_ROWS + 1].count()
        if count > INLINE_EXPORT_ROWS:
            job = Job.objects.create(
                kind="ledger_export",
                title=_("Export %(ledger)s") % {"ledger": self.ledger.verbose_name},
                user=request.user,  # type: ignore[misc]
                params={
                    "ledger": self.ledger.slug,
                    "format": fmt,
                    "filters": filters,
                    "sort": sort,
                },
            )
            jobs.start(job, inline=False)
            return redirect("core:job", pk=job.pk)
        transfer.record_export(self.ledger, count, filters)
        response: HttpResponseBase = spreadsheets.download_response(
            self.ledger.slug,
            self.ledger.verbose_name,
            transfer.headers(self.ledger),
            transfer.export_rows(self.ledger, queryset, request.user),
            fmt,
            exported_at=timezone.now(),
        )
        return response
