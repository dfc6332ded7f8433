"""The lexical engine as an index sink of the publishing lifecycle (indexing.sinks.IndexSink)."""

from __future__ import annotations

from collections.abc import Iterable

from indexing.sinks import Batch
from search.engines import get_engine


class LexicalSink:
    name = "lexical"

    def sync_pages(self, batch: Batch) -> None:
        engine = get_engine()
        page_ids = [state.page_id for state in batch]
        documents = [doc for state in batch for doc in state.documents]
        if hasattr(engine, "replace_pages"):  # one commit: the pages never vanish from results meanwhile
            engine.replace_pages(page_ids, documents)
            return
        engine.delete_pages(page_ids)
        if documents:
            engine.upsert(documents)

    def expected(self, batch: Batch) -> dict[str, tuple[str, int]]:
        return {doc["id"]: (doc["checksum"], state.page_id) for state in batch for doc in state.documents}

    def fingerprints(self) -> dict[str, str]:
        return get_engine().fingerprints()

    def delete(self, ids: Iterable[str]) -> None:
        get_engine().delete(list(ids))

    def reset(self) -> None:
        get_engine().clear()

    def ping(self) -> None:
        get_engine().ping()
