"""Top-level URLs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from renju.accounts.views import admin_login

urlpatterns = [
    # The villagers' pages first: scanned codes and reports are the busiest path (a report
    # tried every other pattern before it, ~10 % of its Python time under load).
    path("t/", include(("renju.toilets.public_urls", "public"), namespace="public")),
    path("", include("renju.core.urls")),
    path("accounts/", include("renju.accounts.urls")),
    path("regions/", include("renju.regions.urls")),
    path("ledgers/", include("renju.core.ledgers.urls")),
    path("cases/", include("renju.cases.urls")),
    path("indicators/", include("renju.indicators.urls")),
    path("plans/", include("renju.plans.urls")),
    path("toilets/", include("renju.toilets.urls")),
    path("sewage/", include("renju.sewage.urls")),
    path("water/", include("renju.water.urls")),
    path("waste/", include("renju.waste.urls")),
    path("cleaning/", include("renju.cleaning.urls")),
    path("livestock/", include("renju.livestock.urls")),
    path("open311/v2/", include("renju.open311.urls")),
    path("api/v1/", include("renju.core.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Before the admin's own: its sign-in is the site's (throttled, audited).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "renju.core.views.server_error"
