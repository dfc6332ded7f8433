"""The URLs the search capability mounts (included by the project's cms/urls.py)."""

from django.urls import path

from search.api.export import export_view
from search.api.feeds import search_feed_view
from search.api.views import search_view

urlpatterns = [
    path("api/search/", search_view, name="search"),
    path("api/search/export/", export_view, name="search-export"),
    path("feeds/search/", search_feed_view, name="feed-search"),
]
