"""Keeping the indexes in step with publishing, through the outbox.

`record_lifecycle_event` writes outbox rows (inside the caller's transaction) and asks for a drain after commit.
`drain_outbox` computes each page's desired state from the database — the documents it should have, or none —
and hands it to every index sink. Because the desired state is recomputed at send time, retries are idempotent
and events can be coalesced per page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
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


def schedule_drain() -> None:
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
    page_ids = list(dict.fromkeys(pending.order_by("id").values_list("page_id", flat=True)[:limit]))
    report = DrainReport()
    active_sinks = sinks()
    for page_id in page_ids:
        try:
            documents, page = desired_documents(page_id)
            for sink in active_sinks:
                sink.sync_page(page_id, documents, page)
        except Exception as exc:  # any sink failure: keep pending, retry later with backoff
            logger.warning("index sync of page %s failed: %s", page_id, exc)
            report.failed += 1
            report.errors[page_id] = f"{type(exc).__name__}: {exc}"
            _mark_failed(page_id, report.errors[page_id])
        else:
            report.synced += 1
            IndexOutbox.objects.filter(page_id=page_id, done_at__isnull=True).update(done_at=timezone.now())
    return report


def _mark_failed(page_id: int, error: str) -> None:
    for row in IndexOutbox.objects.filter(page_id=page_id, done_at__isnull=True):
        row.attempts += 1
        row.last_error = error[:2000]
        row.next_attempt_at = timezone.now() + _backoff(row.attempts)
        row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
