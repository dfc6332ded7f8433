"""The vector store as an index sink of the publishing lifecycle (indexing.sinks.IndexSink).

The outbox drain, `reindex` and `search_drift` hand every sink each page's desired search documents (none when the
page is a draft, unpublished, private or deleted). This sink turns them, plus the extracted text of the page's
files, into passages and lets ``embeddings.indexer.sync_pages`` embed only passages whose text changed
(checksums), rewrite metadata-only changes and drop passages that disappeared.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from typing import Any

from embeddings import runtime
from embeddings.indexer import SyncReport, sync_pages
from embeddings.passages import Passage, build_passages
from indexing.sinks import Batch

logger = logging.getLogger(__name__)


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
    documents = [doc for state in batch for doc in state.documents]
    chunks = {state.page_id: file_chunks(state.page) for state in batch if state.documents}
    return build_passages(documents, {k: v for k, v in chunks.items() if v})


class VectorSink:
    name = "vectors"

    def sync_pages(self, batch: Batch) -> SyncReport:
        passages = passages_for(batch)
        report = sync_pages(runtime.get_store(), runtime.get_embedder(), passages, [state.page_id for state in batch])
        logger.debug("vectors: %s", report)
        return report

    def expected(self, batch: Batch) -> dict[str, tuple[str, int]]:
        model_id = runtime.get_embedder().model_id
        return {p.id: (p.payload(model_id)["checksum"], p.page_id) for p in passages_for(batch)}

    def fingerprints(self) -> dict[str, str]:
        return runtime.get_store().fingerprints()

    def delete(self, ids: Iterable[str]) -> None:
        runtime.get_store().delete_passages(list(ids))

    def reset(self) -> None:
        runtime.get_store().clear()

    def ping(self) -> None:
        """Load the model and open the store (raises if either cannot be had: a folder owned by another process
        raises StoreLockedError)."""
        runtime.get_embedder().dim  # noqa: B018 - loads the model
        runtime.get_store().exists()
