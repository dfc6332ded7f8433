"""Passage vectors behind one interface, ``VectorStore``, with two backends built from one collection definition.

- ``VectorStore(path=...)``: a Qdrant Edge shard in this process (embeddings/edge_backend.py): Qdrant's own engine
  (HNSW, payload indexes) embedded, one owning process per folder. The default setup and the tests.
- ``VectorStore(url=...)``: qdrant-client against a Qdrant server (production) or against the vector service
  (``manage.py vector_service``, embeddings/service.py), which owns the Edge shard for every other process.

What is stored, and how a sync decides what to write (checksums), lives here once for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from embeddings.collection import PassageHit, StoreLockedError, model_metadata, point_id
from embeddings.filters import normalise
from embeddings.passages import Passage

__all__ = ["PassageHit", "StoreLockedError", "VectorStore", "point_id"]


class Backend(Protocol):
    """What a backend does; the filters it receives are normalised (payload field -> accepted values)."""

    mode: str

    def exists(self) -> bool: ...
    def metadata(self) -> dict[str, Any] | None: ...
    def create(self, dim: int, metadata: Mapping[str, Any]) -> None: ...
    def drop(self) -> None: ...
    def upsert(self, ids: Sequence[str], vectors: np.ndarray, payloads: Sequence[Mapping[str, Any]]) -> None: ...
    def overwrite_payloads(self, items: Sequence[tuple[str, Mapping[str, Any]]]) -> None: ...
    def delete_ids(self, ids: Sequence[str]) -> None: ...
    def delete_where(self, filters: Mapping[str, Sequence[Any]]) -> None: ...
    def query(self, vector: np.ndarray, limit: int, filters: Mapping[str, Sequence[Any]],
              score_threshold: float | None) -> list[tuple[str, float, Mapping[str, Any]]]: ...
    def count(self, filters: Mapping[str, Sequence[Any]]) -> int: ...
    def scroll(self, filters: Mapping[str, Sequence[Any]], fields: Sequence[str]) -> Iterator[Mapping[str, Any]]: ...
    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...
    def close(self) -> None: ...


class VectorStore:
    def __init__(self, url: str | None = None, path: str | None = None, collection: str = "passages", *,
                 api_key: str | None = None, timeout: int = 10) -> None:
        if bool(url) == bool(path):
            raise ValueError("give exactly one of url (Qdrant server or vector service) or path (Qdrant Edge)")
        self.url, self.path, self.collection = url, path, collection
        self._api_key, self._timeout = api_key, timeout
        self._backend: Backend | None = None
        self._ensured: tuple[str, int] | None = None  # saves two round trips per sync once checked
        # Bumped by every write through this object: a reader may reuse a search result while it is unchanged.
        # Complete only for the embedded backend, where this process is the only writer.
        self.generation = 0

    @property
    def mode(self) -> str:
        return "server" if self.url else "edge"

    @property
    def backend(self) -> Backend:
        """The backend, opened on first use (the embedded one takes the folder's ownership then)."""
        if self._backend is None:
            if self.url:
                from embeddings.server_backend import ServerBackend

                self._backend = ServerBackend(self.url, self.collection, api_key=self._api_key,
                                              timeout=self._timeout)
            else:
                from embeddings.edge_backend import EdgeBackend

                self._backend = EdgeBackend(str(self.path), self.collection)
            self.generation += 1
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
            self._ensured = None

    # --- collection -------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.backend.exists()

    def ensure_collection(self, model_id: str, dim: int) -> bool:
        """Create the collection, or recreate it when the model or dimension changed. True when (re)created.

        Vectors of two models are not comparable, so a model switch empties the collection and the caller
        reindexes everything (the checksums are gone, so every passage is re-embedded).
        """
        if self._ensured == (model_id, dim):
            return False
        meta = self.backend.metadata()
        if meta is not None and meta.get("model_id") == model_id and int(meta.get("dim", -1)) == dim:
            self._ensured = (model_id, dim)
            return False
        self.backend.drop()
        self.backend.create(dim, model_metadata(model_id, dim))
        self.generation += 1
        self._ensured = (model_id, dim)
        return True

    def collection_model(self) -> dict[str, Any] | None:
        """The model id and dimension the collection was built with, or None when it does not exist."""
        return self.backend.metadata()

    def clear(self) -> None:
        self._ensured = None
        self.backend.drop()
        self.generation += 1

    # --- writes -----------------------------------------------------------------------------------------
    def upsert(self, passages: Sequence[Passage], vectors: np.ndarray, model_id: str, *,
               skip_unchanged: bool = True) -> int:
        """Write passages with their vectors, skipping those whose stored checksum is identical. Returns writes.

        ``skip_unchanged=False`` saves the checksum read when the caller already diffed (``embeddings.indexer``).
        """
        if len(passages) != len(vectors):
            raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
        stored = self.existing_checksums({p.page_id for p in passages}) if skip_unchanged else {}
        rows = [(passage, vector, passage.payload(model_id)) for passage, vector in zip(passages, vectors, strict=True)]
        rows = [row for row in rows if stored.get(row[0].id) != row[2]["checksum"]]
        if rows:
            self.backend.upsert([point_id(p.id) for p, _, _ in rows], np.stack([v for _, v, _ in rows]),
                                [payload for _, _, payload in rows])
            self.generation += 1
        return len(rows)

    def set_payloads(self, passages: Sequence[Passage], model_id: str) -> int:
        """Overwrite payloads without touching vectors (metadata edits where the embedded text is unchanged)."""
        if passages:
            self.backend.overwrite_payloads([(point_id(p.id), p.payload(model_id)) for p in passages])
            self.generation += 1
        return len(passages)

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        ids = sorted({int(p) for p in page_ids})
        if ids and self.exists():
            self.backend.delete_where({"page_id": ids})
            self.generation += 1

    def delete_passages(self, passage_ids: Iterable[str]) -> None:
        ids = [point_id(p) for p in passage_ids]
        if ids and self.exists():
            self.backend.delete_ids(ids)
            self.generation += 1

    # --- reads ------------------------------------------------------------------------------------------
    def search(self, vector: np.ndarray | Sequence[float], limit: int = 10,
               filters: Mapping[str, Sequence[Any]] | None = None,
               score_threshold: float | None = None) -> list[PassageHit]:
        wanted = normalise(filters)  # unknown filter keys raise before anything is sent
        hits = self.backend.query(np.asarray(vector, dtype=np.float32), limit, wanted, score_threshold)
        return [PassageHit(id=str(payload["passage_id"]), score=score, payload=payload) for _, score, payload in hits]

    def count(self, filters: Mapping[str, Sequence[Any]] | None = None) -> int:
        wanted = normalise(filters)
        return self.backend.count(wanted) if self.exists() else 0

    def payloads(self, filters: Mapping[str, Sequence[Any]] | None = None,
                 fields: Sequence[str] = ("passage_id",)) -> Iterator[Mapping[str, Any]]:
        """The chosen payload fields of every stored passage matching ``filters``."""
        wanted = normalise(filters)
        return self.backend.scroll(wanted, list(fields)) if self.exists() else iter(())

    def vectors(self, passage_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """passage id -> stored vector (as the engine keeps it: unit length for cosine)."""
        by_point = self.backend.vectors([point_id(p) for p in passage_ids]) if self.exists() else {}
        return {p: by_point[point_id(p)] for p in passage_ids if point_id(p) in by_point}

    def existing_checksums(self, page_ids: Iterable[int]) -> dict[str, str]:
        """passage id -> payload checksum for the given pages (to embed only what changed)."""
        return {pid: state[0] for pid, state in self.existing_state(page_ids).items()}

    def existing_state(self, page_ids: Iterable[int]) -> dict[str, tuple[str, str]]:
        """passage id -> (checksum, text_checksum) for the given pages."""
        ids = sorted({int(p) for p in page_ids})
        if not ids:
            return {}
        return {str(p["passage_id"]): (str(p.get("checksum")), str(p.get("text_checksum")))
                for p in self.payloads({"page_id": ids}, ["passage_id", "checksum", "text_checksum"])}

    def fingerprints(self) -> dict[str, str]:
        """passage id -> checksum of everything stored, for drift checks against the CMS."""
        return {str(p["passage_id"]): str(p.get("checksum")) for p in self.payloads(None, ["passage_id", "checksum"])}
