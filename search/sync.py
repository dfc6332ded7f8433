"""Keeping the indexes in step with publishing, through the outbox.

`record_lifecycle_event` writes outbox rows (inside the caller's transaction) and asks for a drain after commit.
`drain_outbox` computes each page's desired state from the database — the documents it should have, or none —
and hands it to every index sink. Because the desired state is recomputed at send time, retries are idempotent
and events can be coalesced per page."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.module_loading import import_string

from search.models import IndexOutbox

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(minutes=10)


class IndexSink(Protocol):
    name: str

    def sync_page(self, page_id: int, documents: list[dict[str, Any]], page: Any | None) -> None:
        """Make the index hold exactly `documents` for this page (none: remove the page)."""


@dataclass
class DrainReport:
    synced: int = 0
    failed: int = 0
    errors: dict[int, str] = field(default_factory=dict)


def record_lifecycle_event(page_ids: list[int], reason: str) -> None:
    IndexOutbox.objects.bulk_create([IndexOutbox(page_id=pid, reason=reason) for pid in page_ids])
    transaction.on_commit(schedule_drain)


_drain_deferred = threading.local()


@contextmanager
def deferred_drain() -> Iterator[None]:
    """Record events but do not drain them inside this block: a bulk import followed by `reindex` (which
    answers every pending event) would otherwise sync thousands of pages one by one in-process."""
    previous = getattr(_drain_deferred, "active", False)
    _drain_deferred.active = True
    try:
        yield
    finally:
        _drain_deferred.active = previous


def schedule_drain() -> None:
    if getattr(_drain_deferred, "active", False):
        return
    from search.tasks import drain_index_outbox

    try:
        drain_index_outbox.delay()
    except Exception:  # broker down: the rows stay pending; the periodic drain picks them up
        logger.exception("could not schedule an outbox drain; entries stay pending")


def sinks() -> list[IndexSink]:
    return [import_string(path)() for path in getattr(settings, "INDEX_SINKS", ["search.backends.LexicalSink"])]


def desired_documents(page_id: int) -> tuple[list[dict[str, Any]], Any | None]:
    from cms.core.models import RecordPage
    from cms.core.search_documents import build_documents

    page = RecordPage.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        return [], None
    page = page.specific
    return build_documents(page), page


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_BACKOFF)


def drain_outbox(limit: int = 1000, *, ignore_backoff: bool = False) -> DrainReport:
    now = timezone.now()
    pending = IndexOutbox.objects.filter(done_at__isnull=True)
    if not ignore_backoff:
        pending = pending.exclude(next_attempt_at__gt=now)
    rows = list(pending.order_by("id").values_list("id", "page_id")[:limit])
    # Per page, the newest event this drain answers for: an event recorded while the page is being sent
    # stays pending, so its change is sent by a later drain instead of being marked done unseen.
    latest: dict[int, int] = {}
    for row_id, page_id in rows:
        latest[page_id] = max(row_id, latest.get(page_id, 0))
    report = DrainReport()
    active_sinks = sinks()
    for page_id, up_to in latest.items():
        try:
            documents, page = desired_documents(page_id)
            for sink in active_sinks:
                sink.sync_page(page_id, documents, page)
        except Exception as exc:  # any sink failure: keep pending, retry later with backoff
            logger.warning("index sync of page %s failed: %s", page_id, exc)
            report.failed += 1
            report.errors[page_id] = f"{type(exc).__name__}: {exc}"
            _mark_failed(page_id, up_to, report.errors[page_id])
        else:
            report.synced += 1
            _pending_rows(page_id, up_to).update(done_at=timezone.now())
    return report


def drain_all(*, max_rounds: int = 1000) -> DrainReport:
    """Drain until nothing is pending or a round makes no progress (the engine is still down), ignoring
    backoff: an operator (or the periodic task after an outage) wants everything sent now."""
    total = DrainReport()
    for _ in range(max_rounds):
        report = drain_outbox(ignore_backoff=True)
        total.synced += report.synced
        total.failed += report.failed
        total.errors.update(report.errors)
        if not report.synced or not pending_count():
            break
    return total


def pending_count() -> int:
    return IndexOutbox.objects.filter(done_at__isnull=True).count()


def _pending_rows(page_id: int, up_to: int):
    return IndexOutbox.objects.filter(page_id=page_id, done_at__isnull=True, id__lte=up_to)


def _mark_failed(page_id: int, up_to: int, error: str) -> None:
    rows = _pending_rows(page_id, up_to)
    attempts = (rows.aggregate(m=Max("attempts"))["m"] or 0) + 1
    rows.update(attempts=F("attempts") + 1, last_error=error[:2000],
                next_attempt_at=timezone.now() + _backoff(attempts))
