"""The REST API under /api/v1/: regions, every ledger, token sign-in."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from renju.core.ledgers.registry import ledgers
from renju.indicators.api import IndicatorValues
from renju.regions.api import RegionViewSet

from .auth import ObtainToken
from .views import viewset_for

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
for ledger in ledgers():
    router.register(ledger.slug, viewset_for(ledger), basename=ledger.slug)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("indicators/", IndicatorValues.as_view(), name="api-indicators"),
    path("", include(router.urls)),
]
