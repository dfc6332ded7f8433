"""Whole search responses, kept while nothing they depend on has changed.

Popular queries, browse pages and facet clicks repeat; at 100k documents answering one costs a ranking and a
count over every match. A response is reused only while its *state* is unchanged: the index generation (any
commit, in this process or another, makes every older response unreachable, so an unpublished record is gone
from the very next request) and the editors' picks version (refreshed like the picks themselves). Engines that
cannot name their state (a Meilisearch server) are never cached, nor are modes that read the vector store, nor
(``keep``) a lexical response the semantic fallback made: the fallback reads the vector store and may be switched
off, and neither is part of the state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MAX_ENTRIES = 1024  # a response body is a few kB: a few MB per process


class ResponseCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._state: Hashable | None = None
        self._lock = threading.Lock()
        self.hits = 0

    def get(self, state: Hashable | None, key: Hashable, compute: Callable[[], dict[str, Any]],
            keep: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
        """The body for `key` under `state`; a computed body is stored unless `keep(body)` says it depends on
        more than the state and the key."""
        if state is None:
            return compute()
        with self._lock:
            if state != self._state:
                self._entries.clear()
                self._state = state
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                # A copy of the top level only: callers replace top-level keys (took_ms) and never edit the
                # nested results and facets, which a deep copy per request spent ~0.7 ms duplicating.
                return dict(cached)
        body = compute()
        if keep is not None and not keep(body):
            return body
        with self._lock:
            if state == self._state:
                self._entries[key] = dict(body)
                if len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return body

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._state = None


responses = ResponseCache()
