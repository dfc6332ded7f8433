"""The CMS's public read API: Wagtail API v2 endpoints per content type, record lookup, resolver, OpenAPI."""

from django.urls import path

from cms.api.endpoints import api_router
from cms.api.labels import labels_view
from cms.api.schema import openapi_view
from cms.api.views import preview_detail, record_detail, resolve_reference

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("api/records/<path:identifier>/", record_detail, name="record-detail"),
    path("api/preview/<str:token>/", preview_detail, name="preview-detail"),
    path("api/resolve/", resolve_reference, name="resolve"),
    path("api/schema/", openapi_view, name="openapi"),
    path("api/labels/", labels_view, name="labels"),
]
