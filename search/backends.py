"""Choose the engine from settings (Django's `settings` or any object with the same attributes).

    SEARCH_ENGINE        "embedded" (default) | "meilisearch"
    SEARCH_INDEX_DIR     folder of the embedded index (default "var/search-index")
    MEILISEARCH_URL, MEILISEARCH_API_KEY, MEILISEARCH_INDEX (default "cbd_records")
"""

from __future__ import annotations

from typing import Any

from search.engine import SearchEngine


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
        return MeiliEngine(url, getattr(settings, "MEILISEARCH_API_KEY", None) or None,
                           getattr(settings, "MEILISEARCH_INDEX", None) or "cbd_records")
    raise ValueError(f"unknown SEARCH_ENGINE {kind!r}: use 'embedded' or 'meilisearch'")
