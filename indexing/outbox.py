"""Recording lifecycle events and draining them into every index sink.

`record_changes` writes outbox rows inside the caller's transaction (so a change and its event commit or vanish
together) and asks for a drain after commit. `drain` sends the pages' desired states (indexing.states) to every
sink in batches, one drain at a time (indexing.lease). When a sink fails, the drain stops sending to it for the
rest of the run (a locked or unreachable index is not waited on page after page) and the rows stay pending with
a short backoff; a probe task retries them as soon as the sink answers again, and any drain that sends a page
successfully retries the failed ones at once: convergence within seconds of recovery, with the worker alone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from indexing.lease import drain_lease
from indexing.models import IndexOutbox
from indexing.sinks import IndexSink, PageState, active_sinks
from indexing.states import desired_states

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(seconds=30)
BATCH_PAGES = 100  # pages per sink call: one engine commit and one embedding batch each
ROUND_ROWS = 2000  # outbox rows read per round
PROBE_SECONDS = 5.0  # how soon a failed send is retried when the sink answers again


@dataclass
class DrainReport:
    synced: int = 0
    failed: int = 0
    errors: dict[int, str] = field(default_factory=dict)
    busy: bool = False  # another drain held the lease: the work is that drain's


# --- recording ---------------------------------------------------------------------------------------------
class _Bulk(threading.local):
    depth = 0
    pending = False


_bulk = _Bulk()


def record_changes(page_ids: list[int], reason: str) -> None:
    """Queue these pages for (re)indexing, in the caller's transaction."""
    ids = sorted(set(page_ids))
    if not ids:
        return
    IndexOutbox.objects.bulk_create([IndexOutbox(page_id=pid, reason=reason[:20]) for pid in ids])
    if _bulk.depth:
        _bulk.pending = True
    else:
        transaction.on_commit(schedule_drain)


@contextmanager
def bulk_work(*, drain_at_end: bool = True) -> Iterator[None]:
    """Bulk writes (a migration, a demo load): events are still recorded with every write, in its transaction,
    but drained once at the end, in batches, instead of once per commit. With `drain_at_end=False` they stay
    pending for a later drain (`manage.py drain_outbox`, the periodic task)."""
    _bulk.depth += 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if not _bulk.depth and _bulk.pending:
            _bulk.pending = False
            if drain_at_end:
                transaction.on_commit(schedule_drain)


def schedule_drain() -> None:
    if not getattr(settings, "INDEX_DRAIN_ON_COMMIT", True):
        return  # only the periodic drain (beat) sends: used to prove that it does
    from indexing.tasks import drain_outbox_task

    try:
        drain_outbox_task.delay()
    except Exception:  # broker down: the rows stay pending; the next drain or the periodic one sends them
        logger.exception("could not schedule an outbox drain; entries stay pending")


def schedule_probe() -> None:
    """Retry failed sends in a few seconds (a real worker only: in-process tasks would retry at once, forever)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return
    if not cache.add("indexing:probe-scheduled", 1, timeout=PROBE_SECONDS):
        return  # one probe chain is enough
    from indexing.tasks import retry_failed_task

    try:
        retry_failed_task.apply_async(countdown=PROBE_SECONDS)
    except Exception:
        logger.exception("could not schedule an index probe; the periodic drain will retry")


# --- draining ----------------------------------------------------------------------------------------------
def _due_rows(ignore_backoff: bool, skip_pages: set[int]) -> list[tuple[int, int]]:
    pending = IndexOutbox.objects.filter(done_at__isnull=True)
    if not ignore_backoff:
        pending = pending.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
    if skip_pages:
        pending = pending.exclude(page_id__in=skip_pages)
    return list(pending.order_by("id").values_list("id", "page_id")[:ROUND_ROWS])


def drain(*, ignore_backoff: bool = False) -> DrainReport:
    """Send every due event (all pending ones with `ignore_backoff`) until nothing due is left."""
    report = DrainReport()
    failed_pages: set[int] = set()
    while True:
        with drain_lease() as lease:
            if lease is None:
                report.busy = True
                return report
            ignore_backoff = _drain_rounds(report, ignore_backoff, lease, failed_pages)
        # An event committed while the lease was being released found it taken and left: look once more.
        if not _due_rows(ignore_backoff, failed_pages):
            break
    if report.failed:
        schedule_probe()
    return report


def _drain_rounds(report: DrainReport, ignore_backoff: bool, lease, failed_pages: set[int]) -> bool:
    """Rounds of due rows until none is left that this drain has not tried; returns whether failed rows are
    now sent without waiting for their backoff (an index took writes in this drain)."""
    attempted = set(failed_pages)
    broken: dict[str, str] = {}  # sink -> why it stopped taking writes in this drain
    while rows := _due_rows(ignore_backoff, attempted):
        latest: dict[int, int] = {}  # page -> newest row this round answers for
        for row_id, page_id in rows:
            latest[page_id] = max(row_id, latest.get(page_id, 0))
        pages = list(latest)
        attempted.update(pages)
        synced_before = report.synced
        for start in range(0, len(pages), BATCH_PAGES):
            chunk = pages[start:start + BATCH_PAGES]
            failed_pages.update(_send(desired_states(chunk), latest, broken, report))
            lease.renew()
        if report.synced > synced_before:
            ignore_backoff = True  # an index took writes: failed rows waiting out their backoff go now too
    return ignore_backoff


def _send(states: list[PageState], latest: dict[int, int], broken: dict[str, str], report: DrainReport
          ) -> set[int]:
    """Send one batch to every sink that still takes writes; returns the pages that failed (rows stay pending)."""
    errors: dict[int, str] = {}
    for sink in active_sinks():
        if sink.name in broken:
            errors.update({s.page_id: broken[sink.name] for s in states})
            continue
        errors.update(_send_to(sink, states, broken))
    for state in states:
        rows = _rows(state.page_id, latest[state.page_id])
        if state.page_id in errors:
            report.failed += 1
            report.errors[state.page_id] = errors[state.page_id]
            _mark_failed(rows, errors[state.page_id])
        else:
            report.synced += 1
            rows.update(done_at=timezone.now())
    return set(errors)


def _send_to(sink: IndexSink, states: list[PageState], broken: dict[str, str]) -> dict[int, str]:
    """Page id -> error for the pages this sink did not take."""
    try:
        sink.sync_pages(states)
        return {}
    except Exception as exc:
        error = f"{sink.name}: {type(exc).__name__}: {exc}"
    if not _answers(sink):
        logger.warning("index sink %s unavailable, stopping sends to it in this drain: %s", sink.name, error)
        broken[sink.name] = error
        return {s.page_id: error for s in states}
    if len(states) == 1:
        logger.warning("index sync of page %s failed: %s", states[0].page_id, error)
        return {states[0].page_id: error}
    # The sink answers, so something in this batch broke it: send page by page to find which.
    failed: dict[int, str] = {}
    for state in states:
        failed.update(_send_to(sink, [state], broken))
        if sink.name in broken:
            failed.update({s.page_id: broken[sink.name] for s in states if s.page_id not in failed})
            break
    return failed


def _answers(sink: IndexSink) -> bool:
    try:
        sink.ping()
        return True
    except Exception:
        return False


def _rows(page_id: int, up_to: int):
    # Only the rows this send answers for: an event recorded meanwhile stays pending for the next round.
    return IndexOutbox.objects.filter(page_id=page_id, done_at__isnull=True, id__lte=up_to)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 6)), MAX_BACKOFF)


def _mark_failed(rows, error: str) -> None:
    attempts = (rows.aggregate(m=Max("attempts"))["m"] or 0) + 1
    rows.update(attempts=F("attempts") + 1, last_error=error[:2000],
                next_attempt_at=timezone.now() + _backoff(attempts))


def retry_failed() -> DrainReport:
    """The probe: when every sink answers, send everything pending now; otherwise look again shortly."""
    cache.delete("indexing:probe-scheduled")
    if not pending_count():
        return DrainReport()
    if all(_answers(sink) for sink in active_sinks()):
        return drain(ignore_backoff=True)
    schedule_probe()
    return DrainReport(failed=pending_count())


def publish_generation() -> tuple[str, datetime | None]:
    """The publish generation, the same in every process: the newest lifecycle event (recorded in the transaction
    of the change) and the newest index sync. Either moves on with any change an API answer can show; both are
    index lookups. Returns (token, when the content or an index last changed)."""
    last = IndexOutbox.objects.order_by("-id").values_list("id", "created_at").first()
    synced = IndexOutbox.objects.aggregate(at=Max("done_at"))["at"]
    if last is None:
        return "0", None
    changed = max(last[1], synced) if synced else last[1]
    return f"{last[0]}.{synced.timestamp() if synced else 0}", changed


def pending_count() -> int:
    return IndexOutbox.objects.filter(done_at__isnull=True).count()
