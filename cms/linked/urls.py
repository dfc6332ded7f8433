"""URLs of linked records: decision tracking, the persistent URIs of records, robots.txt and the sitemap."""

from django.urls import path

from cms.linked.sitemap import robots_txt, sitemap_xml
from cms.linked.views import citation_view, persistent_uri_view, tracking_view

urlpatterns = [
    path("api/decisions/<path:symbol>/tracking/", tracking_view, name="decision-tracking"),
    path("api/records/<path:identifier>/cite/", citation_view, name="record-citation"),
    path("id/<path:identifier>", persistent_uri_view, name="persistent-uri"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]
