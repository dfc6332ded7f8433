"""What an index must offer the lifecycle (`IndexSink`), and the registry of the sinks in use.

search/ registers the lexical engine and embeddings/ the vector store, each from its AppConfig.ready(); the
outbox drain, `reindex` and `search_drift` send to every registered sink alike. `settings.INDEX_SINKS` (dotted
paths), when set, replaces the registry: tests and diagnostics use it to put a failing or an empty sink in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string


class PageState(NamedTuple):
    """What the indexes should hold for one page now: its search documents, none when it must not be public."""

    page_id: int
    documents: list[dict[str, Any]]
    page: Any | None  # the specific page, when it still exists (sinks read its files)


Batch = list[PageState]


@runtime_checkable
class IndexSink(Protocol):
    name: str

    def sync_pages(self, batch: Batch) -> None:
        """Make the index hold exactly each page's documents (none: remove the page), in one commit if it can."""

    def expected(self, batch: Batch) -> dict[str, tuple[str, int]]:
        """Entry id -> (checksum, page id) the index should hold for these pages (drift checks)."""

    def fingerprints(self) -> dict[str, str]:
        """Entry id -> checksum of everything the index holds."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove entries by id (orphans that belong to no page)."""

    def reset(self) -> None:
        """Remove everything (a rebuild from scratch)."""

    def ping(self) -> None:
        """Raise when the index cannot take writes now (the drain stops sending to it until it answers)."""


_registry: dict[str, Callable[[], IndexSink]] = {}


def register_sink(name: str, factory: Callable[[], IndexSink]) -> None:
    """Add a sink (idempotent per name); its factory is called for every drain, rebuild or drift check."""
    _registry[name] = factory


def active_sinks() -> list[IndexSink]:
    override = getattr(settings, "INDEX_SINKS", None)
    if override is not None:
        return [import_string(path)() for path in override]
    return [factory() for factory in _registry.values()]
