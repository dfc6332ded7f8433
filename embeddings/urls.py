"""The URLs the semantic capability mounts (included by the project's cms/urls.py before the record lookup, whose
<path:identifier> would otherwise swallow the "/similar" suffix)."""

from django.urls import path

from embeddings.views import ask_view, similar_view

urlpatterns = [
    path("api/ask/", ask_view, name="ask"),
    path("api/records/<path:identifier>/similar/", similar_view, name="record-similar"),
]
