"""Which engine this process uses, chosen by settings, and the lexical index sink for the outbox.

    SEARCH_ENGINE        "embedded" (default) | "meilisearch"
    SEARCH_INDEX_DIR     folder of the embedded index (default "var/search-index")
    MEILISEARCH_URL, MEILISEARCH_API_KEY, MEILISEARCH_INDEX (default "cbd_records")

One engine object per process (`get_engine`); the embedded engine opens its writer per batch and releases it, so
processes take turns. `engine_from_settings` works with any object carrying the settings (benchmarks and pure
tests use it without Django).
"""

from __future__ import annotations

import threading
from typing import Any

from search.engine import SearchEngine

_engine: SearchEngine | None = None
_lock = threading.Lock()


def engine_from_settings(settings: Any) -> SearchEngine:
    kind = getattr(settings, "SEARCH_ENGINE", "embedded") or "embedded"
    if kind == "embedded":
        from search.engines.embedded import EmbeddedEngine

        return EmbeddedEngine(getattr(settings, "SEARCH_INDEX_DIR", None) or "var/search-index")
    if kind == "meilisearch":
        from search.engines.meili import MeiliEngine

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
