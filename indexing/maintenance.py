"""Rebuilding the indexes from the CMS and checking them against it (manage.py reindex / search_drift).

The indexes are derived data: what is published decides what they hold. Both operations read the public
records in batches through the one document builder and send them to every sink, so the lexical engine and the
vector store are rebuilt, checked and repaired the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from cms.core.search_documents import page_of_document
from indexing.models import DriftCheck, IndexOutbox
from indexing.sinks import Batch, IndexSink, active_sinks
from indexing.states import batches, live_record_ids

Progress = Callable[[str], None]


@dataclass
class ReindexReport:
    pages: int = 0
    documents: int = 0
    seconds: float = 0.0
    removed: int = 0  # entries of records no longer public, swept at the end


def reindex(batch_size: int = 200, progress: Progress | None = None, *, clear: bool = False) -> ReindexReport:
    """Send all public records again to every sink, then remove what belongs to no public record.

    In place by default: each batch replaces its pages' entries in one commit and the leftovers are swept at the
    end, so search keeps answering from the old entries while the rebuild runs (at 100k records it takes
    minutes). `clear=True` empties every sink first (an index to be distrusted entirely). Outbox events recorded
    before the rebuild read the database are answered by it and marked done; later ones stay pending."""
    started = time.perf_counter()
    answered_up_to = IndexOutbox.objects.aggregate(m=Max("id"))["m"] or 0
    sinks = active_sinks()
    for sink in sinks:  # a sink that cannot take writes fails here, before anything is cleared
        sink.ping()
    if clear:
        for sink in sinks:
            sink.reset()
    page_ids = live_record_ids()
    report = ReindexReport()
    for batch in batches(page_ids, batch_size):
        for sink in sinks:
            sink.sync_pages(batch)
        report.pages += len(batch)
        report.documents += sum(len(state.documents) for state in batch)
        if progress:
            progress(f"{report.pages}/{len(page_ids)} pages, {report.documents} documents")
    if not clear:
        report.removed = sum(_sweep(sink, set(page_ids)) for sink in sinks)
    IndexOutbox.objects.filter(done_at__isnull=True, id__lte=answered_up_to).update(done_at=timezone.now())
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _sweep(sink: IndexSink, live_page_ids: set[int]) -> int:
    stale = [entry for entry in sink.fingerprints() if page_of_document(entry) not in live_page_ids]
    if stale:
        sink.delete(stale)
    return len(stale)


@dataclass
class DriftReport:
    sink: str
    expected: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # published, not in the index
    stale: list[str] = field(default_factory=list)  # in the index with another checksum
    orphans: list[str] = field(default_factory=list)  # in the index, not (or no longer) published

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphans)


Expected = dict[str, tuple[str, int]]  # entry id -> (checksum, page id)


def expected_entries(sink: IndexSink, batch_size: int) -> Expected:
    out: Expected = {}
    for batch in batches(live_record_ids(), batch_size):
        out.update(sink.expected(batch))
    return out


def drift(sink: IndexSink, batch_size: int = 200) -> tuple[DriftReport, Expected]:
    expected = expected_entries(sink, batch_size)
    actual = sink.fingerprints()
    report = DriftReport(sink=sink.name, expected=len(expected), indexed=len(actual))
    report.missing = sorted(set(expected) - set(actual))
    report.stale = sorted(i for i in set(expected) & set(actual) if expected[i][0] != actual[i])
    report.orphans = sorted(set(actual) - set(expected))
    return report, expected


def repair_plan(report: DriftReport, expected: Expected) -> tuple[list[int], list[str]]:
    """The pages to send again (missing, stale, or owning an orphan: a page no longer public is sent with no
    documents, which removes it) and the orphans that belong to no page."""
    page_ids = {expected[i][1] for i in report.missing + report.stale}
    unowned = []
    for entry in report.orphans:
        page_id = page_of_document(entry)
        if page_id is not None:
            page_ids.add(page_id)
        else:
            unowned.append(entry)
    return sorted(page_ids), unowned


def repair(sink: IndexSink, report: DriftReport, expected: Expected, batch_size: int = 200) -> int:
    """Send again every page with a missing, stale or orphaned entry and drop the unowned orphans. Returns pages."""
    page_ids, unowned = repair_plan(report, expected)
    if unowned:
        sink.delete(unowned)
    for batch in batches(page_ids, batch_size):
        sink.sync_pages(batch)
    return len(page_ids)


def drift_all(batch_size: int = 200, *, repair_first: bool = False) -> list[DriftReport]:
    """Every sink's drift, after a repair when asked."""
    reports = []
    for sink in active_sinks():
        report, expected = drift(sink, batch_size)
        if repair_first and report.total:
            repair(sink, report, expected, batch_size)
            report, _ = drift(sink, batch_size)
        reports.append(report)
    return reports


def save_drift(reports: list[DriftReport], *, repaired: bool = False) -> None:
    """Keep each index's last drift result for the dashboard (indexing.wagtail_hooks)."""
    now = timezone.now()
    for report in reports:
        examples = (report.missing[:3] + report.stale[:3] + report.orphans[:3])
        DriftCheck.objects.update_or_create(sink=report.sink, defaults={
            "checked_at": now, "expected": report.expected, "indexed": report.indexed,
            "missing": len(report.missing), "stale": len(report.stale), "orphans": len(report.orphans),
            "examples": examples, "repaired": repaired})


__all__ = ["Batch", "DriftReport", "ReindexReport", "drift", "drift_all", "reindex", "repair", "repair_plan",
           "save_drift"]
