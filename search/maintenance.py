"""Rebuilding the indexes from the CMS and checking them against it (manage.py reindex / search_drift).

The indexes are derived data: what is published decides what they hold. Both operations read the public
records in batches through the one document builder and send them through every configured sink, so the
lexical engine and the vector store are rebuilt and repaired the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from search.backends import get_engine, page_of_document
from search.models import IndexOutbox
from search.sync import sinks

Batch = list[tuple[int, list[dict[str, Any]], Any | None]]
Progress = Callable[[str], None]


def live_record_ids() -> list[int]:
    from cms.core.models import RecordPage

    return list(RecordPage.objects.live().order_by("pk").values_list("pk", flat=True))


def batches(page_ids: list[int], size: int) -> Iterator[Batch]:
    """(page id, documents, page) per page; pages that must not be public get no documents."""
    from cms.core.models import RecordPage
    from cms.core.search_documents import build_documents

    for start in range(0, len(page_ids), size):
        chunk = page_ids[start:start + size]
        pages = {p.pk: p for p in RecordPage.objects.filter(pk__in=chunk).select_related("locale").specific()}
        yield [(pid, build_documents(pages[pid]) if pid in pages else [], pages.get(pid)) for pid in chunk]


def send(batch: Batch) -> None:
    for sink in sinks():
        if hasattr(sink, "sync_pages"):
            sink.sync_pages(batch)
        else:
            for page_id, documents, page in batch:
                sink.sync_page(page_id, documents, page)


@dataclass
class ReindexReport:
    pages: int = 0
    documents: int = 0
    seconds: float = 0.0
    removed: int = 0  # documents and passages of records no longer public, swept at the end


def reindex(batch_size: int = 200, progress: Progress | None = None, *, clear: bool = False) -> ReindexReport:
    """Send all public records again to every sink, then remove what belongs to no public record.

    In place by default: each batch replaces its pages' documents in one commit and the leftovers are swept at
    the end, so search keeps answering from the old documents while the rebuild runs (at 100k records it takes
    minutes). `clear=True` empties every sink first (an index to be distrusted entirely). Outbox events
    recorded before the rebuild read the database are answered by it and marked done; later ones stay pending."""
    started = time.perf_counter()
    answered_up_to = IndexOutbox.objects.aggregate(m=Max("id"))["m"] or 0
    active = sinks()
    for sink in active:  # a sink that cannot be opened (a locked store) fails here, before anything is cleared
        if hasattr(sink, "check_ready"):
            sink.check_ready()
    if clear:
        for sink in active:
            if hasattr(sink, "reset"):
                sink.reset()
    page_ids = live_record_ids()
    report = ReindexReport()
    for batch in batches(page_ids, batch_size):
        send(batch)
        report.pages += len(batch)
        report.documents += sum(len(docs) for _, docs, _ in batch)
        if progress:
            progress(f"{report.pages}/{len(page_ids)} pages, {report.documents} documents")
    if not clear:
        live = set(page_ids)
        report.removed = sum(sink.sweep(live) for sink in active if hasattr(sink, "sweep"))
    IndexOutbox.objects.filter(done_at__isnull=True, id__lte=answered_up_to).update(done_at=timezone.now())
    report.seconds = round(time.perf_counter() - started, 2)
    return report


@dataclass
class DriftReport:
    expected: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # published, not in the index
    stale: list[str] = field(default_factory=list)  # in the index with another checksum
    orphans: list[str] = field(default_factory=list)  # in the index, not (or no longer) published

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.orphans)


def expected_fingerprints(batch_size: int = 200) -> dict[str, tuple[str, int]]:
    """Document id -> (checksum, page id) of everything that should be indexed."""
    out: dict[str, tuple[str, int]] = {}
    for batch in batches(live_record_ids(), batch_size):
        for page_id, documents, _ in batch:
            out.update({doc["id"]: (doc["checksum"], page_id) for doc in documents})
    return out


def drift(batch_size: int = 200) -> tuple[DriftReport, dict[str, tuple[str, int]]]:
    expected = expected_fingerprints(batch_size)
    actual = get_engine().fingerprints()
    report = DriftReport(expected=len(expected), indexed=len(actual))
    report.missing = sorted(set(expected) - set(actual))
    report.stale = sorted(i for i in set(expected) & set(actual) if expected[i][0] != actual[i])
    report.orphans = sorted(set(actual) - set(expected))
    return report, expected


def repair_plan(report: DriftReport, expected: dict[str, tuple[str, int]]) -> tuple[list[int], list[str]]:
    """What repairs a drift report, for any sink: the pages to send again (missing, stale, or owning an orphan;
    a page no longer public is sent with no documents, which removes it) and the orphans that belong to no page."""
    page_ids = {expected[i][1] for i in report.missing + report.stale}
    unowned = []
    for doc_id in report.orphans:
        page_id = page_of_document(doc_id)
        if page_id is not None:
            page_ids.add(page_id)
        else:
            unowned.append(doc_id)
    return sorted(page_ids), unowned


def repair(report: DriftReport, expected: dict[str, tuple[str, int]], batch_size: int = 200) -> int:
    """Resend every page with a missing, stale or orphaned document and drop the unowned orphans from the
    lexical engine. Returns pages sent."""
    ordered, unowned = repair_plan(report, expected)
    if unowned:
        get_engine().delete(unowned)
    for batch in batches(ordered, batch_size):
        send(batch)
    return len(ordered)
