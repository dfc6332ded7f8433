"""Public read-only API: Wagtail API v2 endpoints per content type, record lookup, resolver, search, ask."""

from django.urls import path

from cms.api.endpoints import api_router
from cms.api.schema import openapi_view
from cms.api.views import record_detail, resolve_reference

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("api/records/<path:identifier>/", record_detail, name="record-detail"),
    path("api/resolve/", resolve_reference, name="resolve"),
    path("api/schema/", openapi_view, name="openapi"),
]

try:
    from search.views import search_view
except ImportError:  # pragma: no cover - while the search capability is being built
    search_view = None
if search_view is not None:
    urlpatterns.append(path("api/search/", search_view, name="search"))

try:
    from embeddings.views import ask_view
except ImportError:  # pragma: no cover
    ask_view = None
if ask_view is not None:
    from embeddings.views import similar_view

    urlpatterns.append(path("api/ask/", ask_view, name="ask"))
    # Before record-detail, whose <path:identifier> would swallow the "/similar" suffix.
    urlpatterns.insert(0, path("api/records/<path:identifier>/similar/", similar_view, name="record-similar"))
