"""Atom feeds (Django's syndication framework) of the lists readers follow: new notifications, deadlines in the
next 30 days, the records of a GBF target, the records of a type. Entries link to the front-end record page and
are identified by the record's persistent URI; updated = when the record was last published."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from cms.api.serializers import public_records
from cms.core.models import RecordPage
from cms.linked.metadata import absolute
from cms.linked.uris import record_uri
from identifiers import RECORD_TYPES

ENTRIES = 50
DEADLINE_DAYS = 30
LANGUAGE = "en"


class RecordFeed(Feed):
    """What every record feed shares: entries, their links, ids, dates and categories."""

    feed_type = Atom1Feed
    author_name = "Secretariat of the Convention on Biological Diversity"

    def link(self, obj=None) -> str:
        return absolute(settings.FRONTEND_BASE_URL)

    def records(self):
        return public_records().filter(locale__language_code=LANGUAGE)

    def item_title(self, item: RecordPage) -> str:
        return f"{item.identifier} — {item.title}" if item.identifier != item.title else item.title

    def item_description(self, item: RecordPage) -> str:
        return (item.summary or "")[:1000]

    def item_link(self, item: RecordPage) -> str:
        return absolute(item.frontend_url(LANGUAGE))

    def item_guid(self, item: RecordPage) -> str:
        return record_uri(item.identifier, item.record_type)

    item_guid_is_permalink = False

    def item_pubdate(self, item: RecordPage):
        return item.first_published_at or item.last_published_at

    def item_updateddate(self, item: RecordPage):
        return item.last_published_at

    def item_categories(self, item: RecordPage) -> list[str]:
        return [item.record_type, *item.gbf_targets]


class NotificationsFeed(RecordFeed):
    title = "CBD notifications"
    subtitle = "New notifications of the Secretariat of the Convention on Biological Diversity"

    def feed_url(self) -> str:
        return absolute("/feeds/notifications/")

    def link(self, obj=None) -> str:
        return absolute(f"{settings.FRONTEND_BASE_URL}?type=notification&sort=date_desc")

    def items(self):
        return self.records().filter(record_type="notification").order_by("-date", "-last_published_at")[:ENTRIES]


class DeadlinesFeed(RecordFeed):
    title = "CBD deadlines in the next 30 days"
    subtitle = "Notifications whose deadline falls in the next 30 days, the nearest first"

    def feed_url(self) -> str:
        return absolute("/feeds/deadlines/")

    def items(self):
        today = timezone.localdate()
        return (self.records().filter(record_type="notification",
                                      notificationpage__deadline__range=(today, today + dt.timedelta(DEADLINE_DAYS)))
                .order_by("notificationpage__deadline")[:ENTRIES])

    def item_title(self, item: RecordPage) -> str:
        return f"{item.specific.deadline:%Y-%m-%d}: {super().item_title(item)}"


class GbfTargetFeed(RecordFeed):
    """Records tagged with one GBF target, newest first."""

    def get_object(self, request, identifier: str) -> RecordPage:
        target = self.records().filter(record_type="gbf-target", identifier__iexact=identifier).first()
        if target is None:
            raise Http404(f"No GBF target {identifier[:40]}")
        return target

    def title(self, obj: RecordPage) -> str:
        return f"CBD records on {obj.identifier}: {obj.title}"

    def feed_url(self, obj: RecordPage) -> str:
        return absolute(f"/feeds/gbf-targets/{obj.identifier}/")

    def link(self, obj: RecordPage) -> str:
        return absolute(obj.frontend_url(LANGUAGE))

    def items(self, obj: RecordPage):
        import json

        tagged = self.records().filter(gbf_targets__icontains=json.dumps(obj.identifier))
        return tagged.order_by("-date", "-last_published_at")[:ENTRIES]


class RecordTypeFeed(RecordFeed):
    """The newest records of one type."""

    def get_object(self, request, record_type: str) -> str:
        if record_type not in RECORD_TYPES:
            raise Http404(f"No record type {record_type[:40]}")
        return record_type

    def title(self, obj: str) -> str:
        return f"CBD records of type {obj}"

    def feed_url(self, obj: str) -> str:
        return absolute(f"/feeds/types/{obj}/")

    def link(self, obj: str) -> str:
        return absolute(f"{settings.FRONTEND_BASE_URL}?type={obj}&sort=date_desc")

    def items(self, obj: str):
        return self.records().filter(record_type=obj).order_by("-date", "-last_published_at")[:ENTRIES]
