"""Which engine this process uses, chosen by settings, and the lexical index sink for the outbox.

    SEARCH_ENGINE        "embedded" (default) | "meilisearch"
    SEARCH_INDEX_DIR     folder of the embedded index (default "var/search-index")
    MEILISEARCH_URL, MEILISEARCH_API_KEY, MEILISEARCH_INDEX (default "cbd_records")

One engine object per process (`get_engine`): the embedded engine holds the index's single writer, so the web
process (with in-process tasks) is its only owner in the default setup. `engine_from_settings` works with any
object carrying the settings (benchmarks and pure tests use it without Django).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from search.engine import SearchEngine

_engine: SearchEngine | None = None
_lock = threading.Lock()


def engine_from_settings(settings: Any) -> SearchEngine:
    kind = getattr(settings, "SEARCH_ENGINE", "embedded") or "embedded"
    if kind == "embedded":
        from search.embedded import EmbeddedEngine

        return EmbeddedEngine(getattr(settings, "SEARCH_INDEX_DIR", None) or "var/search-index")
    if kind == "meilisearch":
        from search.meili import MeiliEngine

        url = getattr(settings, "MEILISEARCH_URL", None)
        if not url:
            raise ValueError("SEARCH_ENGINE is 'meilisearch' but MEILISEARCH_URL is not set")
        return MeiliEngine(
            url,
            getattr(settings, "MEILISEARCH_API_KEY", None) or None,
            getattr(settings, "MEILISEARCH_INDEX", None) or "cbd_records",
        )
    raise ValueError(f"unknown SEARCH_ENGINE {kind!r}: use 'embedded' or 'meilisearch'")


def get_engine() -> SearchEngine:
    global _engine
    with _lock:
        if _engine is None:
            from django.conf import settings

            engine = engine_from_settings(settings)
            engine.configure()
            _engine = engine
        return _engine


def reset_engine() -> None:
    """Forget the process's engine (tests switch index folders; reindex may recreate the index)."""
    global _engine
    with _lock:
        if _engine is not None and hasattr(_engine, "close"):
            _engine.close()
        _engine = None


class LexicalSink:
    """The lexical engine as an outbox sink. `reset` and `sync_pages` are optional sink methods used by
    `manage.py reindex`: a rebuild sends batches (one engine commit each) instead of a commit per page."""

    name = "lexical"

    def sync_page(self, page_id: int, documents: list[dict[str, Any]], page: Any | None) -> None:
        self.sync_pages([(page_id, documents, page)])

    def sync_pages(self, batch: list[tuple[int, list[dict[str, Any]], Any | None]]) -> None:
        engine = get_engine()
        page_ids = [page_id for page_id, _, _ in batch]
        documents = [doc for _, docs, _ in batch for doc in docs]
        if hasattr(engine, "replace_pages"):  # one commit: the pages never vanish from results meanwhile
            engine.replace_pages(page_ids, documents)
            return
        engine.delete_pages(page_ids)
        if documents:
            engine.upsert(documents)

    def sweep(self, live_page_ids: set[int]) -> int:
        """Remove every document whose page is not among `live_page_ids` (the end of a rebuild in place)."""
        engine = get_engine()
        stale = [doc_id for doc_id in engine.fingerprints() if page_of_document(doc_id) not in live_page_ids]
        engine.delete(stale)
        return len(stale)

    def reset(self) -> None:
        get_engine().clear()


_PAGE_OF_DOCUMENT = re.compile(r"p(\d+)(?:-|$)")


def page_of_document(doc_id: str) -> int | None:
    """The page a search document belongs to: `p123` (the record) or `p123-<anchor>` (a paragraph)."""
    match = _PAGE_OF_DOCUMENT.match(doc_id)
    return int(match.group(1)) if match else None
