"""A small cache of count-only searches (total + facet counts) of the embedded engine.

The API asks for the same counts again and again (browsing without words, paging through one query, the
same popular words), and counting means aggregating over every match: at 100k documents the slowest part of
a broad request. Entries are keyed by the index generation, so any commit (of this process or, through
meta.json, of another) makes every older entry unreachable: an unpublished record never lingers in a count.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from search.engine import SearchQuery

Counts = tuple[int, dict[str, dict[str, int]]]
MAX_ENTRIES = 512


def query_key(query: SearchQuery) -> Hashable:
    """What decides a count: the words, their language, how many must match, the filters, the facets asked for and
    what is counted (documents or distinct records); not sort/page."""
    filters = tuple(sorted((name, tuple(sorted(map(str, values or [])))) for name, values in query.filters.items()))
    return query.q or "", query.lang, filters, tuple(query.facets), query.match, query.distinct


class CountsCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Counts] = OrderedDict()
        self._generation = -1
        self._lock = threading.Lock()

    def get(self, generation: int, query: SearchQuery, compute: Callable[[], Counts]) -> Counts:
        key = query_key(query)
        with self._lock:
            if generation > self._generation:  # the index changed: nothing cached is valid any more
                self._entries.clear()
                self._generation = generation
            cached = self._entries.get(key) if generation == self._generation else None
            if cached is not None:
                self._entries.move_to_end(key)
                return _copy(cached)
        counts = compute()  # outside the lock: other requests keep being served meanwhile
        with self._lock:
            if generation == self._generation:
                self._entries[key] = counts
                if len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return _copy(counts)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _copy(counts: Counts) -> Counts:
    """Callers may edit the facet dicts they get; the cached ones must stay intact."""
    total, facets = counts
    return total, {name: dict(values) for name, values in facets.items()}
