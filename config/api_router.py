"""Every API route under /api/v1/, from the registry of curated kinds and the routes beside them."""

from rest_framework.routers import DefaultRouter

from curated.registry import api_routes

router = DefaultRouter()
for prefix, viewset, basename in api_routes():
    router.register(prefix, viewset, basename=basename)

app_name = "api"
urlpatterns = router.urls
