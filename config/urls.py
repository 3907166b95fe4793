from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
]

admin.site.site_header = "Bilateral relations tracker"
admin.site.site_title = "Relations tracker"
admin.site.index_title = "Editorial desk"
