"""Atom feeds. The feed of any search lives with the search capability (search/api: /feeds/search/)."""

from django.urls import path

from cms.feeds.feeds import DeadlinesFeed, GbfTargetFeed, NotificationsFeed, RecordTypeFeed

urlpatterns = [
    path("feeds/notifications/", NotificationsFeed(), name="feed-notifications"),
    path("feeds/deadlines/", DeadlinesFeed(), name="feed-deadlines"),
    path("feeds/gbf-targets/<str:identifier>/", GbfTargetFeed(), name="feed-gbf-target"),
    path("feeds/types/<slug:record_type>/", RecordTypeFeed(), name="feed-type"),
]
