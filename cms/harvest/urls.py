"""Harvesting URLs: OAI-PMH and the JSON changes feed."""

from django.urls import path

from cms.harvest.views import changes_view, oai_view

urlpatterns = [
    path("oai/", oai_view, name="oai-pmh"),
    path("api/changes/", changes_view, name="changes"),
]
