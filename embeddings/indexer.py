"""Bring the vector store in line with a set of pages, embedding only passages whose text changed.

This is what the outbox task calls on publish/unpublish/delete: ``sync_pages(store, embedder, passages,
page_ids)`` with the passages of the pages as they are now (empty for a deleted page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from embeddings.embedder import Embedder
from embeddings.passages import Passage
from embeddings.store import VectorStore


@dataclass(frozen=True)
class SyncReport:
    embedded: int  # new or changed text: encoded and written
    payload_updated: int  # same text, changed metadata: payload rewritten, vector kept
    unchanged: int
    deleted: int  # passages that no longer exist on these pages


def sync_pages(
    store: VectorStore, embedder: Embedder, passages: Sequence[Passage], page_ids: Iterable[int] | None = None
) -> SyncReport:
    """Make the store hold exactly ``passages`` for ``page_ids`` (default: the pages of the passages)."""
    pages = {int(p) for p in page_ids} if page_ids is not None else {p.page_id for p in passages}
    foreign = {p.page_id for p in passages} - pages
    if foreign:
        raise ValueError(f"passages of pages {sorted(foreign)} not in page_ids")
    store.ensure_collection(embedder.model_id, embedder.dim)
    state = store.existing_state(pages)
    to_embed: list[Passage] = []
    payload_only: list[Passage] = []
    for passage in passages:
        stored = state.get(passage.id)
        if stored is None or stored[1] != passage.text_checksum:
            to_embed.append(passage)
        elif stored[0] != passage.payload(embedder.model_id)["checksum"]:
            payload_only.append(passage)
    if to_embed:
        vectors = embedder.encode_passages([p.embed_text for p in to_embed])
        store.upsert(to_embed, vectors, embedder.model_id, skip_unchanged=False)
    if payload_only:
        store.set_payloads(payload_only, embedder.model_id)
    stale = set(state) - {p.id for p in passages}
    store.delete_passages(stale)
    unchanged = len(passages) - len(to_embed) - len(payload_only)
    return SyncReport(len(to_embed), len(payload_only), unchanged, len(stale))
