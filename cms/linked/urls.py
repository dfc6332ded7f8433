"""URLs of linked records: decision tracking and the persistent URIs of records."""

from django.urls import path

from cms.linked.views import citation_view, persistent_uri_view, tracking_view

urlpatterns = [
    path("api/decisions/<path:symbol>/tracking/", tracking_view, name="decision-tracking"),
    path("api/records/<path:identifier>/cite/", citation_view, name="record-citation"),
    path("id/<path:identifier>", persistent_uri_view, name="persistent-uri"),
]
