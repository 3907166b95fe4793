"""Every app's API routes, gathered in one router under /api/v1/."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

app_name = "api"
urlpatterns = router.urls
