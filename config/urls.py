from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Browsers ask every site for /favicon.ico; the desk's icon is a static file (hashed in production).
    return HttpResponseRedirect(static("admin/editorial/favicon.svg"))


urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# API paths that match no route answer a JSON 404, like every other API error.
handler404 = "common.api.views.not_found"

admin.site.site_header = "Bilateral relations tracker"
admin.site.site_title = "Relations tracker"
admin.site.index_title = "Editorial desk"
