"""What a harvest sees, read the same way by OAI-PMH and the JSON changes feed: one item per record and language,
live (a published page) or deleted (a tombstone of the change log), each with a datestamp, in one total order.

The order is (datestamp, source, id), source 0 for pages and 1 for tombstones; a resumption token or a changes
cursor is the key of the last item served, so a harvest walks the list without offsets and never skips an item
because another one moved (an edit moves its record to the end of the list, where the next harvest finds it).

A live item's datestamp is its page's `last_published_at` or, when the latest change of the record is the
lifting of a view restriction that had made it a tombstone, the time of that lifting (the page's own stamp
predates the tombstone: a harvester would never see the record come back)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cms.api.serializers import public_records
from cms.core.models import RecordPage
from cms.harvest.models import RecordChange

LIVE, DELETED = 0, 1


@dataclass(frozen=True, order=True)
class ItemKey:
    datestamp: dt.datetime  # aware, UTC
    source: int
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.datestamp.isoformat(), self.source, self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> ItemKey:
        """Raises ValueError on anything that is not a key this module wrote."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            stamp, source, ident = json.loads(raw)
            when = dt.datetime.fromisoformat(stamp)
            # A forged stamp near year 1 or 9999 overflows once in UTC: a bad cursor, not a database error.
            when = when.astimezone(dt.UTC) if when.tzinfo is not None else None
        except (TypeError, ValueError, OverflowError, json.JSONDecodeError) as exc:
            raise ValueError("not a cursor of this feed") from exc
        if when is None or source not in (LIVE, DELETED) or not _is_row_id(ident):
            raise ValueError("not a cursor of this feed")
        return cls(when, source, ident)


def _is_row_id(value: object) -> bool:
    """A database id: an int (not a bool) within a 64-bit column's range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


@dataclass
class Item:
    key: ItemKey
    identifier: str
    language: str
    record_type: str
    gbf_targets: list[str] = field(default_factory=list)
    page: RecordPage | None = None  # None for a tombstone
    reason: str | None = None  # why a tombstone is one: unpublish, delete, privacy

    @property
    def deleted(self) -> bool:
        return self.page is None


@dataclass(frozen=True)
class Selection:
    """Selective harvesting: a set (`type:<record type>` or `gbf-target:<GBF-TARGET-NN>`) and a datestamp range."""

    record_type: str | None = None
    gbf_target: str | None = None
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # inclusive


def _live(selection: Selection) -> QuerySet[RecordPage]:
    pages = public_records().filter(last_published_at__isnull=False)
    if selection.record_type:
        pages = pages.filter(record_type=selection.record_type)
    if selection.gbf_target:
        pages = pages.filter(gbf_targets__icontains=json.dumps(selection.gbf_target))
    return pages


def _in_range(pages: QuerySet[RecordPage], selection: Selection) -> QuerySet[RecordPage]:
    if selection.since:
        pages = pages.filter(datestamp__gte=selection.since)
    if selection.until:
        pages = pages.filter(datestamp__lte=selection.until)
    return pages


def reannouncements() -> QuerySet[RecordChange]:
    """Records whose latest change is a view restriction lifted (cms.harvest.signals): public again since then."""
    return RecordChange.objects.filter(action=RecordChange.PUBLISH, reason="privacy", superseded=False)


def with_datestamp(pages: QuerySet[RecordPage]) -> QuerySet[RecordPage]:
    """`datestamp`: the later of the page's publication and the lifting of a restriction that hid it (the later,
    because a bulk re-import updates the page without a signal)."""
    lifted = Subquery(reannouncements().filter(identity_key=OuterRef("identity_key")).order_by("-at").values("at")[:1])
    return pages.annotate(datestamp=Greatest("last_published_at", Coalesce(lifted, "last_published_at")))


def _live_pages(selection: Selection, after: ItemKey | None, limit: int) -> list[RecordPage]:
    """The first `limit` live pages after `after`: those never re-announced by their page's stamp (the column
    alone, as before lifting existed), the few re-announced ones by the later stamp."""
    lifted_keys = reannouncements().values("identity_key")
    plain = _live(selection).exclude(identity_key__in=lifted_keys).annotate(datestamp=F("last_published_at"))
    lifted = with_datestamp(_live(selection).filter(identity_key__in=lifted_keys))
    found = []
    for pages in (plain, lifted):
        pages = _in_range(pages, selection).filter(_after(after, LIVE, "datestamp"))
        found += pages.order_by("datestamp", "pk")[:limit]
    return found


def tombstones(selection: Selection = Selection()) -> QuerySet[RecordChange]:
    """The latest withdrawal of each record and language that is not public again (a bulk re-import sends no
    signal, so a record public again is also checked against the pages)."""
    stones = RecordChange.objects.filter(action=RecordChange.WITHDRAW, superseded=False)
    stones = stones.exclude(identity_key__in=public_records().filter(identity_key__isnull=False).values("identity_key"))
    if selection.record_type:
        stones = stones.filter(record_type=selection.record_type)
    if selection.gbf_target:
        stones = stones.filter(gbf_targets__contains=json.dumps(selection.gbf_target))
    if selection.since:
        stones = stones.filter(at__gte=selection.since)
    if selection.until:
        stones = stones.filter(at__lte=selection.until)
    return stones


def _after(key: ItemKey | None, source: int, stamp: str) -> Q:
    if key is None:
        return Q()
    if source > key.source:
        return Q(**{f"{stamp}__gte": key.datestamp})
    if source < key.source:
        return Q(**{f"{stamp}__gt": key.datestamp})
    return Q(**{f"{stamp}__gt": key.datestamp}) | Q(**{stamp: key.datestamp, "pk__gt": key.id})


def _page_item(page: RecordPage) -> Item:
    return Item(
        ItemKey(page.datestamp, LIVE, page.pk),
        page.identifier,
        page.locale.language_code,
        page.record_type,
        list(page.gbf_targets or []),
        page=page,
    )


def _tombstone_item(change: RecordChange) -> Item:
    return Item(
        ItemKey(change.at, DELETED, change.pk),
        change.identifier,
        change.language,
        change.record_type,
        json.loads(change.gbf_targets or "[]"),
        reason=change.reason,
    )


def items(selection: Selection = Selection(), after: ItemKey | None = None, limit: int = 100) -> list[Item]:
    """Up to `limit` items after `after`, in the total order."""
    pages = _live_pages(selection, after, limit)
    stones = tombstones(selection).filter(_after(after, DELETED, "at")).order_by("at", "pk")[:limit]
    merged = sorted([*map(_page_item, pages), *map(_tombstone_item, stones)], key=lambda item: item.key)
    return merged[:limit]


def find(identifier: str, language: str) -> Item | None:
    """One record in one language: live, or its tombstone."""
    page = with_datestamp(public_records().filter(identifier=identifier, locale__language_code=language)).first()
    if page is not None and page.last_published_at:
        return _page_item(page)
    stone = tombstones().filter(identifier=identifier, language=language).order_by("-at").first()
    return _tombstone_item(stone) if stone else None


def earliest_datestamp() -> dt.datetime:
    first = public_records().filter(last_published_at__isnull=False).order_by("last_published_at").first()
    stone = RecordChange.objects.order_by("at").first()
    stamps = [s for s in (first and first.last_published_at, stone and stone.at) if s]
    return min(stamps) if stamps else timezone.now()
