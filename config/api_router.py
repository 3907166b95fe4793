"""Every app's API routes, gathered in one router under /api/v1/."""

from rest_framework.routers import DefaultRouter

from agreements.api.views import (
    AgreementViewSet,
    ChangesViewSet,
    EvidenceViewSet,
    RelationshipViewSet,
    StatusChangeViewSet,
)
from articles.api.views import ArticleViewSet
from relations.api.views import ActorViewSet, EventViewSet, MetricViewSet, ObservationViewSet

router = DefaultRouter()
router.register("relationships", RelationshipViewSet, basename="relationship")
router.register("actors", ActorViewSet, basename="actor")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("status-changes", StatusChangeViewSet, basename="status-change")
router.register("metrics", MetricViewSet, basename="metric")
router.register("observations", ObservationViewSet, basename="observation")
router.register("events", EventViewSet, basename="event")
router.register("articles", ArticleViewSet, basename="article")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("changes", ChangesViewSet, basename="changes")

app_name = "api"
urlpatterns = router.urls
