"""SKOS vocabularies: a scheme and each of its concepts, by content negotiation."""

from django.urls import path

from cms.vocab.views import concept_view, scheme_view

urlpatterns = [
    path("vocab/<slug:scheme>", scheme_view, name="vocab-scheme"),
    path("vocab/<slug:scheme>/", scheme_view),
    path("vocab/<slug:scheme>/<str:identifier>", concept_view, name="vocab-concept"),
]
