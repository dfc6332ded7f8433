"""Which engine this process uses, chosen by settings, and the lexical index sink for the outbox.

One engine object per process: the embedded engine holds the index's single writer, so the web process (with
in-process tasks) is its only owner in the default setup."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

_engine = None
_lock = threading.Lock()


def build_engine():
    if settings.SEARCH_ENGINE == "meilisearch":
        from search.meili import MeilisearchEngine

        return MeilisearchEngine(settings.MEILISEARCH_URL, settings.MEILISEARCH_API_KEY, settings.MEILISEARCH_INDEX)
    from search.embedded import EmbeddedEngine

    return EmbeddedEngine(settings.SEARCH_INDEX_DIR)


def get_engine():
    global _engine
    with _lock:
        if _engine is None:
            engine = build_engine()
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
        engine.delete_pages([page_id for page_id, _, _ in batch])
        documents = [doc for _, docs, _ in batch for doc in docs]
        if documents:
            engine.upsert(documents)

    def reset(self) -> None:
        get_engine().clear()
