"""Passage vectors in Qdrant: local folder mode by default, a Qdrant server in production.

Local mode (``QdrantClient(path=...)``) is brute-force search inside this process and takes an exclusive file
lock on the folder: only ONE process may open it. The store therefore opens its client lazily, on first use, and
``embeddings.runtime.get_store()`` keeps one instance per process. In the default setup the web process is that
owner: Celery runs eager (in-process), so outbox tasks write through the same client. A second process (a
worker, or ``manage.py reindex`` while the web server runs) gets ``StoreLockedError``; run those against a Qdrant
server (``QDRANT_URL``), or stop the web process first. Local mode ignores payload indexes and warns above 20,000
points; its searches are answered here from its in-memory arrays (``_LocalArrays``), which keeps brute force
usable at 100k passages. Server mode builds an HNSW graph and the payload indexes below.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from qdrant_client import QdrantClient
from qdrant_client import models as qm

from embeddings.filters import build_filter, matcher, matches, normalise
from embeddings.passages import Passage

_POINT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.cbd.int/knowledge-hub/passages")

PAYLOAD_INDEXES: dict[str, qm.PayloadSchemaType] = {
    "identifier": qm.PayloadSchemaType.KEYWORD,
    "type": qm.PayloadSchemaType.KEYWORD,
    "language": qm.PayloadSchemaType.KEYWORD,
    "page_id": qm.PayloadSchemaType.INTEGER,
    "gbf_targets": qm.PayloadSchemaType.KEYWORD,
    "subjects": qm.PayloadSchemaType.KEYWORD,
    "meetings": qm.PayloadSchemaType.KEYWORD,
    "status": qm.PayloadSchemaType.KEYWORD,
    "year": qm.PayloadSchemaType.INTEGER,
}
HNSW = qm.HnswConfigDiff(m=16, ef_construct=128)
UPSERT_BATCH = 256
# When _LocalArrays cannot read local mode's arrays: local mode evaluates payload filters point by point in Python
# (10x slower than no filter at 10k points), so the store fetches this many times the limit unfiltered and
# filters the payloads itself.
LOCAL_OVERFETCH = 20
SCROLL_PAGE = 1024
_DEFAULT_VECTOR = ""  # the name qdrant-client gives a collection's single unnamed vector


class StoreLockedError(RuntimeError):
    """The local store folder is held by another process (local mode allows one owner)."""


def _relax_local_durability(client: QdrantClient) -> None:
    """Let local mode's SQLite files commit without an fsync per point.

    qdrant-client's local persistence commits every point on its own; with the default rollback journal each
    commit is an fsync (~9 ms here), which made storing slower than embedding. WAL with synchronous=NORMAL keeps
    the file consistent after a crash and may lose only the last commits, which is fine for derived data that
    ``reindex`` rebuilds. Reaches into qdrant-client internals (pinned version); does nothing if they change.
    """
    local = getattr(client, "_client", None)
    for collection in getattr(local, "collections", {}).values():
        connection = getattr(getattr(collection, "storage", None), "storage", None)
        if isinstance(connection, sqlite3.Connection):
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")


def point_id(passage_id: str) -> str:
    """Deterministic UUID of a passage: re-indexing overwrites instead of duplicating."""
    return str(uuid.uuid5(_POINT_NAMESPACE, passage_id))


@dataclass(frozen=True)
class PassageHit:
    id: str
    score: float
    payload: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        # identifier, paragraph_code, anchor, url, text... read straight from the payload (fusion duck-types).
        try:
            return self.payload[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class _LocalArrays:
    """Local mode's in-memory arrays, searched directly.

    qdrant-client's local search re-normalises every stored vector, sorts every score and deep-copies each
    returned payload on every query: ~1.1 s p95 at 100k passages with the over-fetch a payload filter needs.
    Vectors are stored unit-length (the embedder normalises and local mode normalises cosine vectors on write),
    so a matrix-vector product, a partial sort and a walk down the best scores give the same ranking. This reads
    qdrant-client internals (pinned version): when they are not found, ``of`` returns None and the public API
    is used instead.
    """

    vectors: np.ndarray
    payloads: list[dict[str, Any]]
    dead: np.ndarray

    @classmethod
    def of(cls, client: QdrantClient, name: str) -> _LocalArrays | None:
        collection = getattr(getattr(client, "_client", None), "collections", {}).get(name)
        try:
            vectors = collection.vectors[_DEFAULT_VECTOR]
            payloads = collection.payload
            size = len(payloads)
            dead = np.asarray(collection.deleted[:size], dtype=bool) | np.asarray(
                collection.deleted_per_vector[_DEFAULT_VECTOR][:size], dtype=bool
            )
        except (AttributeError, KeyError, TypeError):
            return None
        if not isinstance(vectors, np.ndarray) or vectors.ndim != 2 or len(dead) != size:
            return None
        return cls(vectors[:size], payloads, dead)

    def search(
        self, query: np.ndarray | Sequence[float], accepts: Callable[[Mapping[str, Any]], bool], limit: int,
        score_threshold: float | None,
    ) -> list[PassageHit]:
        if not self.payloads or limit <= 0:
            return []
        vector = np.asarray(query, dtype=self.vectors.dtype)
        scores = self.vectors @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
        scores[self.dead] = -np.inf
        if score_threshold is not None:
            scores[scores <= score_threshold] = -np.inf  # Qdrant keeps scores strictly above the threshold
        hits: list[PassageHit] = []
        seen = 0
        depth = limit * 4  # a filter rejecting more than 3 of 4 candidates widens the walk below
        while True:
            order = self._best(scores, min(depth, len(scores)))
            for index in order[seen:]:
                if scores[index] == -np.inf:
                    return hits
                payload = self.payloads[index]
                if accepts(payload):
                    hits.append(PassageHit(id=str(payload["passage_id"]), score=float(scores[index]),
                                           payload=dict(payload)))
                    if len(hits) == limit:
                        return hits
            if len(order) == len(scores):
                return hits
            seen, depth = len(order), depth * 8

    @staticmethod
    def _best(scores: np.ndarray, count: int) -> np.ndarray:
        """Indexes of the ``count`` highest scores, best first."""
        if count >= len(scores):
            return np.argsort(-scores, kind="stable")
        top = np.argpartition(-scores, count - 1)[:count]
        return top[np.argsort(-scores[top], kind="stable")]


class VectorStore:
    def __init__(
        self,
        url: str | None = None,
        path: str | None = None,
        collection: str = "passages",
        *,
        api_key: str | None = None,
        timeout: int = 10,
    ) -> None:
        if bool(url) == bool(path):
            raise ValueError("give exactly one of url (server mode) or path (local mode)")
        self.url, self.path, self.collection = url, path, collection
        self._api_key, self._timeout = api_key, timeout
        self._client: QdrantClient | None = None
        self._ensured: tuple[str, int] | None = None  # saves two round trips per sync once checked
        # Bumped by every write and every (re)open through this object: a reader may reuse a search result while
        # it is unchanged. Only complete in local mode, where the folder lock makes this process the only writer.
        self.generation = 0

    @property
    def mode(self) -> str:
        return "server" if self.url else "local"

    @property
    def client(self) -> QdrantClient:
        if self._client is None:
            self._client = self._open()
            self.generation += 1
        return self._client

    def _open(self) -> QdrantClient:
        if self.url:
            return QdrantClient(url=self.url, api_key=self._api_key, timeout=self._timeout)
        try:
            client = QdrantClient(path=self.path)
        except RuntimeError as exc:
            if "already accessed" in str(exc):
                raise StoreLockedError(
                    f"vector store folder {self.path} is owned by another process; local mode allows one "
                    "owner (the web process): use QDRANT_URL for workers and commands"
                ) from exc
            raise
        _relax_local_durability(client)
        return client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # --- collection -------------------------------------------------------------------------------------
    def ensure_collection(self, model_id: str, dim: int) -> bool:
        """Create the collection, or recreate it when the model or dimension changed. True when (re)created.

        Vectors of two models are not comparable, so a model switch empties the collection and the caller
        reindexes everything (the checksums are gone, so every passage is re-embedded).
        """
        if self._ensured == (model_id, dim):
            return False
        client = self.client
        if client.collection_exists(self.collection):
            meta = client.get_collection(self.collection).config.metadata or {}
            if meta.get("model_id") == model_id and int(meta.get("dim", -1)) == dim:
                self._ensured = (model_id, dim)
                return False
            client.delete_collection(self.collection)
        self.generation += 1
        client.create_collection(
            self.collection,
            vectors_config=qm.VectorParams(size=dim, distance=qm.Distance.COSINE),
            hnsw_config=HNSW if self.mode == "server" else None,
            metadata={"model_id": model_id, "dim": dim},
        )
        if self.mode == "local":
            _relax_local_durability(client)
        if self.mode == "server":  # local mode ignores payload indexes (and warns)
            for name, schema in PAYLOAD_INDEXES.items():
                client.create_payload_index(self.collection, field_name=name, field_schema=schema)
        self._ensured = (model_id, dim)
        return True

    def collection_model(self) -> dict[str, Any] | None:
        """The model id and dimension the collection was built with, or None when it does not exist."""
        if not self.client.collection_exists(self.collection):
            return None
        return dict(self.client.get_collection(self.collection).config.metadata or {})

    # --- writes -----------------------------------------------------------------------------------------
    def upsert(
        self, passages: Sequence[Passage], vectors: np.ndarray, model_id: str, *, skip_unchanged: bool = True
    ) -> int:
        """Write passages with their vectors, skipping those whose stored checksum is identical. Returns writes.

        ``skip_unchanged=False`` saves the checksum read when the caller already diffed (``embeddings.indexer``).
        """
        if len(passages) != len(vectors):
            raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
        stored = self.existing_checksums({p.page_id for p in passages}) if skip_unchanged else {}
        points = []
        for passage, vector in zip(passages, vectors, strict=True):
            payload = passage.payload(model_id)
            if stored.get(passage.id) == payload["checksum"]:
                continue
            points.append(qm.PointStruct(id=point_id(passage.id), vector=vector.tolist(), payload=payload))
        for start in range(0, len(points), UPSERT_BATCH):
            self.client.upsert(self.collection, points=points[start : start + UPSERT_BATCH], wait=True)
        self.generation += bool(points)
        return len(points)

    def set_payloads(self, passages: Sequence[Passage], model_id: str) -> int:
        """Overwrite payloads without touching vectors (metadata edits where the embedded text is unchanged)."""
        operations = [
            qm.OverwritePayloadOperation(
                overwrite_payload=qm.SetPayload(payload=p.payload(model_id), points=[point_id(p.id)])
            )
            for p in passages
        ]
        for start in range(0, len(operations), UPSERT_BATCH):
            self.client.batch_update_points(self.collection, operations[start : start + UPSERT_BATCH])
        self.generation += bool(operations)
        return len(operations)

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        ids = sorted({int(p) for p in page_ids})
        if ids:
            self.client.delete(self.collection, points_selector=build_filter({"page_id": ids}), wait=True)
            self.generation += 1

    def delete_passages(self, passage_ids: Iterable[str]) -> None:
        ids = [point_id(p) for p in passage_ids]
        if ids:
            self.client.delete(self.collection, points_selector=qm.PointIdsList(points=ids), wait=True)
            self.generation += 1

    def clear(self) -> None:
        self._ensured = None
        if self.client.collection_exists(self.collection):
            self.client.delete_collection(self.collection)
        self.generation += 1

    # --- reads ------------------------------------------------------------------------------------------
    def search(
        self,
        vector: np.ndarray | Sequence[float],
        limit: int = 10,
        filters: Mapping[str, Sequence[Any]] | None = None,
        score_threshold: float | None = None,
    ) -> list[PassageHit]:
        if self.mode == "local":
            local = _LocalArrays.of(self.client, self.collection)
            if local is not None:
                return local.search(vector, matcher(filters), limit, score_threshold)
        query = [float(x) for x in vector]
        flt = build_filter(filters)
        if self.mode == "local" and flt is not None:
            kept = self._local_filtered(query, filters or {}, limit, score_threshold)
            if kept is not None:
                return kept
        return self._query(query, flt, limit, score_threshold)

    def _local_filtered(
        self, query: list[float], filters: Mapping[str, Sequence[Any]], limit: int, score_threshold: float | None
    ) -> list[PassageHit] | None:
        """Local-mode filtering through the public API (used when ``_LocalArrays`` cannot read the collection).

        None when too few of the over-fetched candidates pass the filter. The candidates carry only the filtered
        fields, because local mode deep-copies every payload it returns.
        """
        wide = self.client.query_points(
            self.collection, query=query, limit=limit * LOCAL_OVERFETCH, score_threshold=score_threshold,
            with_payload=sorted(normalise(filters)),
        ).points
        kept = [point for point in wide if matches(point.payload or {}, filters)][:limit]
        if len(kept) < limit and len(wide) == limit * LOCAL_OVERFETCH:
            return None
        payloads = {
            record.id: record.payload or {}
            for record in self.client.retrieve(self.collection, ids=[point.id for point in kept], with_payload=True)
        }
        return [
            PassageHit(id=str(payloads[point.id]["passage_id"]), score=float(point.score), payload=payloads[point.id])
            for point in kept
            if point.id in payloads
        ]

    def _query(
        self, query: list[float], flt: qm.Filter | None, limit: int, score_threshold: float | None
    ) -> list[PassageHit]:
        response = self.client.query_points(
            self.collection,
            query=query,
            query_filter=flt,
            limit=limit,
            with_payload=True,
            score_threshold=score_threshold,
        )
        return [
            PassageHit(id=str(p.payload["passage_id"]), score=float(p.score), payload=p.payload)
            for p in response.points
        ]

    def count(self, filters: Mapping[str, Sequence[Any]] | None = None) -> int:
        if not self.client.collection_exists(self.collection):
            return 0
        return int(self.client.count(self.collection, count_filter=build_filter(filters), exact=True).count)

    def existing_checksums(self, page_ids: Iterable[int]) -> dict[str, str]:
        """passage id -> payload checksum for the given pages (to embed only what changed)."""
        return {pid: state[0] for pid, state in self.existing_state(page_ids).items()}

    def existing_state(self, page_ids: Iterable[int]) -> dict[str, tuple[str, str]]:
        """passage id -> (checksum, text_checksum) for the given pages."""
        ids = sorted({int(p) for p in page_ids})
        if not ids or not self.client.collection_exists(self.collection):
            return {}
        return {
            str(p["passage_id"]): (str(p.get("checksum")), str(p.get("text_checksum")))
            for p in self._scroll(build_filter({"page_id": ids}), ["passage_id", "checksum", "text_checksum"])
        }

    def fingerprints(self) -> dict[str, str]:
        """passage id -> checksum of everything stored, for drift checks against the CMS."""
        if not self.client.collection_exists(self.collection):
            return {}
        return {str(p["passage_id"]): str(p.get("checksum")) for p in self._scroll(None, ["passage_id", "checksum"])}

    def _scroll(self, flt: qm.Filter | None, fields: list[str]) -> Iterator[Mapping[str, Any]]:
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection, scroll_filter=flt, limit=SCROLL_PAGE, offset=offset, with_payload=fields
            )
            for record in records:
                yield record.payload or {}
            if offset is None:
                return
