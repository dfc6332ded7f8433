"""The vector store as an outbox sink (settings.INDEX_SINKS): same lifecycle as the lexical index.

``search.sync.drain_outbox`` computes each page's desired search documents (none when the page is a draft,
unpublished, private or deleted) and hands them to every sink. This sink turns them, plus the extracted text of
the page's files, into passages and lets ``embeddings.indexer.sync_pages`` embed only passages whose text
changed (checksums), rewrite metadata-only changes and drop passages that disappeared. ``reset``/``sync_pages``
serve ``manage.py reindex``; ``drift`` serves ``manage.py search_drift``.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from embeddings import lease, runtime
from embeddings.indexer import SyncReport, sync_pages
from embeddings.passages import Passage, build_passages
from search.backends import page_of_document  # passage ids start with their document's id

logger = logging.getLogger(__name__)
Batch = list[tuple[int, list[dict[str, Any]], Any | None]]


def file_chunks(page: Any | None) -> list[Any]:
    """Chunks of the extracted text of the page's files in the page's language, numbered across files.

    A failed re-extraction keeps the previous paragraphs on the row, so any row with paragraphs counts.
    """
    files = getattr(page, "files", None) if page is not None else None
    if files is None:
        return []
    from ingest.chunking import chunk
    from ingest.document import Document, Paragraph

    language = page.locale.language_code
    chunks: list[Any] = []
    for row in files.all():
        if not row.extracted_paragraphs or (row.language and row.language != language):
            continue
        paragraphs = [Paragraph(**{**p, "number": tuple(p.get("number") or ())}) for p in row.extracted_paragraphs]
        document = Document(elements=[], text=row.extracted_text, paragraphs=paragraphs, sections=[],
                            language=row.detected_language or None, pages=row.page_count, file_type="",
                            checksum=row.checksum)
        # Ordinals restart per file; passage ids are built from them, so renumber across the page's files.
        chunks += [dataclasses.replace(c, ordinal=len(chunks) + i) for i, c in enumerate(chunk(document))]
    return chunks


def passages_for(batch: Batch) -> list[Passage]:
    """Passages of the pages as they should be now (no documents -> no passages -> vectors removed)."""
    documents = [doc for _, docs, _ in batch for doc in docs]
    chunks = {page_id: file_chunks(page) for page_id, docs, page in batch if docs}
    return build_passages(documents, {k: v for k, v in chunks.items() if v})


class VectorSink:
    name = "vectors"

    def sync_page(self, page_id: int, documents: list[dict[str, Any]], page: Any | None) -> None:
        self.sync_pages([(page_id, documents, page)])

    def sync_pages(self, batch: Batch) -> SyncReport:
        passages = passages_for(batch)
        with lease.use_store() as store:
            report = sync_pages(store, runtime.get_embedder(), passages, [page_id for page_id, _, _ in batch])
        logger.debug("vectors: %s", report)
        return report

    def check_ready(self) -> None:
        """Open the store and load the model before a rebuild clears anything (raises if either fails)."""
        runtime.get_embedder().dim  # noqa: B018 - loads the model
        with lease.use_store():
            pass

    def reset(self) -> None:
        with lease.use_store() as store:
            store.clear()

    def sweep(self, live_page_ids: set[int]) -> int:
        """Remove the passages of every page not among `live_page_ids` (the end of a rebuild in place)."""
        with lease.use_store() as store:
            stale = [pid for pid in store.fingerprints() if page_of_document(pid) not in live_page_ids]
            store.delete_passages(stale)
        return len(stale)

    def drift(self, batch_size: int = 200, *, repair: bool = False) -> Any:
        """Stored passage fingerprints vs the passages the published records should have.

        With ``repair``, pages with a missing, stale or orphaned passage are sent again (a page no longer
        public is sent with no documents, which removes its vectors), then the check is repeated.
        """
        report, expected = self._drift(batch_size)
        if repair and report.total:
            self._repair(report, expected, batch_size)
            report, _ = self._drift(batch_size)
        return report

    def _drift(self, batch_size: int) -> tuple[Any, dict[str, tuple[str, int]]]:
        from search.maintenance import DriftReport, batches, live_record_ids

        model_id = runtime.get_embedder().model_id
        expected: dict[str, tuple[str, int]] = {}
        for batch in batches(live_record_ids(), batch_size):
            expected.update({p.id: (p.payload(model_id)["checksum"], p.page_id) for p in passages_for(batch)})
        with lease.use_store() as store:
            actual = store.fingerprints()
        report = DriftReport(expected=len(expected), indexed=len(actual))
        report.missing = sorted(set(expected) - set(actual))
        report.stale = sorted(i for i in set(expected) & set(actual) if expected[i][0] != actual[i])
        report.orphans = sorted(set(actual) - set(expected))
        return report, expected

    def _repair(self, report: Any, expected: dict[str, tuple[str, int]], batch_size: int) -> None:
        from search.maintenance import batches, repair_plan

        page_ids, unowned = repair_plan(report, expected)
        if unowned:
            with lease.use_store() as store:
                store.delete_passages(unowned)
        for batch in batches(page_ids, batch_size):
            self.sync_pages(batch)
