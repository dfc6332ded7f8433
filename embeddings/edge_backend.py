"""The embedded backend: a Qdrant Edge shard in this process (Qdrant's own engine: HNSW, payload indexes).

Layout of ``<QDRANT_PATH>/<collection>/``:
    .lock             held (flock) by the one process that owns the collection; it records that process's pid
    collection.json   the model metadata and the name of the live shard directory
    shard-<n>/        the Edge shard (server segment format: a tar of it is a server shard snapshot)

An Edge shard has one owner (its WAL is locked). The lock here says which process owns it before Edge would fail
with "Can't init WAL: WouldBlock", and covers the rebuild directories too. Other processes use the vector service
(``manage.py vector_service``) through the server backend.

Edge runs no background optimizer: new points land in an appendable segment searched exactly, and
``optimize()`` builds the HNSW graph. It holds the GIL while it runs (minutes at 100k points), so a process that
must keep answering (the vector service) calls ``optimize_aside()`` instead (embeddings/edge_rebuild.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import qdrant_edge as qe

from embeddings import collection as spec
from embeddings.filters import edge_filter

SCROLL_PAGE = 1024
# Payload indexes stay memory-mapped (read ahead into the page cache at open) instead of being rebuilt in RAM:
# rebuilding the nine keyword/integer indexes was ~1 s of the 1.2-1.4 s cold open at 100k passages, memory-mapped
# the open takes 0.3-0.4 s and a filtered search costs the same (profiled on 100k passages, bench_embeddings.py).
INDEX_MEMORY = qe.Memory.Cached
META_FILE = "collection.json"


def edge_config(dim: int) -> qe.EdgeConfig:
    """The Edge form of the one collection definition (embeddings/collection.py)."""
    return qe.EdgeConfig(
        vectors=qe.EdgeVectorParams(size=dim, distance=getattr(qe.Distance, spec.DISTANCE)),
        hnsw_config=qe.HnswIndexConfig(m=spec.HNSW_M, ef_construct=spec.HNSW_EF_CONSTRUCT,
                                       full_scan_threshold=spec.FULL_SCAN_THRESHOLD_KB),
        optimizers=qe.EdgeOptimizersConfig(indexing_threshold=spec.INDEXING_THRESHOLD_KB),
        # No write-ahead log: every write call ends with a flush instead (~35 ms, off the search path). A WAL kept
        # every upsert since creation (~140 MB at 100k passages) and was read again at every open.
        wal_enabled=False,
    )


def index_params(schema: str) -> qe.KeywordIndexParams | qe.IntegerIndexParams:
    """Edge's parameters for a payload index of ``schema`` ("keyword" or "integer", as collection.py names them)."""
    if schema == "keyword":
        return qe.KeywordIndexParams(memory=INDEX_MEMORY)
    if schema == "integer":  # lookup for match filters (page_id, year), range as a server's default keeps it
        return qe.IntegerIndexParams(lookup=True, range=True, memory=INDEX_MEMORY)
    raise ValueError(f"unsupported payload index schema {schema!r}")


def create_shard(path: Path, dim: int) -> qe.EdgeShard:
    shard = qe.EdgeShard.create(str(path), edge_config(dim))
    for field, schema in spec.PAYLOAD_INDEXES.items():
        shard.update(qe.UpdateOperation.create_field_index(field, index_params(schema)))
    return shard


def place_payload_indexes(shard: qe.EdgeShard) -> list[str]:
    """Recreate the payload indexes that are missing or kept in RAM (a shard built before INDEX_MEMORY, or a
    restored snapshot of one), so every later open is fast. Returns the fields recreated (once: ~16 s at 100k)."""
    schema = shard.info().payload_schema
    stale = [field for field in spec.PAYLOAD_INDEXES
             if getattr(getattr(schema.get(field), "params", None), "memory", None) != INDEX_MEMORY]
    for field in stale:
        shard.update(qe.UpdateOperation.create_field_index(field, index_params(spec.PAYLOAD_INDEXES[field])))
    if stale:
        shard.flush()
    return stale


def load_shard(path: Path) -> qe.EdgeShard:
    shard = qe.EdgeShard.load(str(path))
    place_payload_indexes(shard)
    return shard


class EdgeBackend:
    mode = "edge"

    def __init__(self, root: str | Path, name: str) -> None:
        self.folder = Path(root) / name
        self.name = name
        self._lock_file: IO[str] | None = None
        self._shard: qe.EdgeShard | None = None
        self._meta: dict[str, Any] | None = None
        # Writes, opening and swapping the shard; reads need no lock (the Edge calls hold the GIL throughout).
        self.write_lock = threading.RLock()
        self.journal: list[qe.UpdateOperation] | None = None  # writes made while a rebuild runs aside
        # A process that must keep answering (the vector service) rebuilds the graph aside, from a monitor
        # thread; any other owner (a command, the dev server, tests) optimises in place after its writes.
        self.rebuild_aside = False
        self.last_write = 0.0

    # --- ownership --------------------------------------------------------------------------------------
    def _own(self) -> None:
        if self._lock_file is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle = (self.folder / ".lock").open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise spec.StoreLockedError(
                f"vector store {self.folder} is owned by process {owner}; an Edge shard has one owner: run "
                "`manage.py vector_service` and point the other processes at it with QDRANT_URL") from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_file = handle
        meta_path = self.folder / META_FILE
        self._meta = json.loads(meta_path.read_text()) if meta_path.exists() else None

    @property
    def shard(self) -> qe.EdgeShard | None:
        """The live shard, opened on first use (None when the collection does not exist)."""
        if self._shard is None:
            with self.write_lock:
                self._own()
                if self._shard is None and self._meta is not None:
                    self._shard = load_shard(self.shard_path())
        return self._shard

    def shard_path(self, meta: Mapping[str, Any] | None = None) -> Path:
        return self.folder / str((meta or self._meta or {}).get("shard", "shard-0"))

    def _save_meta(self, meta: dict[str, Any]) -> None:
        tmp = self.folder / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta))
        tmp.replace(self.folder / META_FILE)
        self._meta = meta

    def close(self) -> None:
        with self.write_lock:
            if self._shard is not None:
                self._shard.flush()
                self._shard.close()
                self._shard = None
            if self._lock_file is not None:
                self._lock_file.close()  # releases the flock
                self._lock_file = None
            self._meta = None

    # --- collection -------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.shard is not None

    def metadata(self) -> dict[str, Any] | None:
        if self.shard is None or self._meta is None:
            return None
        return {k: v for k, v in self._meta.items() if k != "shard"}

    def create(self, dim: int, metadata: Mapping[str, Any]) -> None:
        with self.write_lock:
            self.drop()
            meta = {**metadata, "shard": "shard-0"}
            self._shard = create_shard(self.shard_path(meta), dim)
            self._save_meta(meta)

    def adopt(self, meta: dict[str, Any]) -> None:
        """Make the shard already unpacked in ``<folder>/<meta["shard"]>`` the collection (snapshot restore)."""
        with self.write_lock:
            self._own()
            self._save_meta(meta)
            self._shard = load_shard(self.shard_path())

    def drop(self) -> None:
        with self.write_lock:
            self._own()
            if self._shard is not None:
                self._shard.close()
                self._shard = None
            (self.folder / META_FILE).unlink(missing_ok=True)
            self._meta = None
            for child in self.folder.glob("shard-*"):
                shutil.rmtree(child)

    # --- writes -----------------------------------------------------------------------------------------
    def _apply(self, *operations: qe.UpdateOperation) -> None:
        """Apply the operations and flush: once this returns, they are on disk (the shard keeps no WAL)."""
        with self.write_lock:
            shard = self.shard
            if shard is None:
                raise RuntimeError(f"collection {self.name} does not exist")
            for operation in operations:
                shard.update(operation)
            shard.flush()
            self.last_write = time.monotonic()
            if self.journal is not None:
                self.journal.extend(operations)

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, payloads: Sequence[Mapping[str, Any]]) -> None:
        points = [qe.Point(pid, np.asarray(vector, dtype=np.float32).tolist(), dict(payload))
                  for pid, vector, payload in zip(ids, vectors, payloads, strict=True)]
        if points:
            self._apply(qe.UpdateOperation.upsert_points(points))
            if not self.rebuild_aside:
                self.optimize_if_needed()

    def overwrite_payloads(self, items: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        if items:
            self._apply(*(qe.UpdateOperation.overwrite_payload([pid], dict(payload)) for pid, payload in items))

    def delete_ids(self, ids: Sequence[str]) -> None:
        if ids:
            self._apply(qe.UpdateOperation.delete_points(list(ids)))

    def delete_where(self, filters: Mapping[str, Sequence[Any]]) -> None:
        self._apply(qe.UpdateOperation.delete_points_by_filter(edge_filter(filters)))

    def create_index(self, field: str, schema: str) -> None:
        self._apply(qe.UpdateOperation.create_field_index(field, index_params(schema)))

    def flush(self) -> None:
        with self.write_lock:
            if self.shard is not None:
                self.shard.flush()

    # --- reads ------------------------------------------------------------------------------------------
    def query(self, vector: np.ndarray, limit: int, filters: Mapping[str, Sequence[Any]],
              score_threshold: float | None, hnsw_ef: int | None = spec.HNSW_EF, exact: bool = False,
              ) -> list[tuple[str, float, Mapping[str, Any]]]:
        """(point id, score, payload) of the nearest points, best first. ``exact`` skips the HNSW graph."""
        shard = self.shard
        if shard is None or limit <= 0:
            return []
        params = qe.SearchParams(hnsw_ef=hnsw_ef, exact=exact) if hnsw_ef or exact else None
        request = qe.QueryRequest(
            limit=limit, query=qe.Query.Nearest(np.asarray(vector, dtype=np.float32).tolist()),
            filter=edge_filter(filters), with_payload=True, score_threshold=score_threshold, params=params)
        return [(str(p.id), float(p.score), p.payload or {}) for p in shard.query(request)]

    def count(self, filters: Mapping[str, Sequence[Any]]) -> int:
        shard = self.shard
        return 0 if shard is None else int(shard.count(qe.CountRequest(exact=True, filter=edge_filter(filters))))

    def scroll_page(self, filters: Mapping[str, Sequence[Any]], fields: Sequence[str] | bool, limit: int,
                    offset: Any = None) -> tuple[list[tuple[str, Mapping[str, Any]]], Any]:
        """One page of (point id, payload) and the offset of the next page (None at the end)."""
        shard = self.shard
        if shard is None:
            return [], None
        with_payload = list(fields) if not isinstance(fields, bool) else fields
        records, next_offset = shard.scroll(qe.ScrollRequest(offset=offset, limit=limit, filter=edge_filter(filters),
                                                             with_payload=with_payload))
        return [(str(r.id), r.payload or {}) for r in records], next_offset

    def scroll(self, filters: Mapping[str, Sequence[Any]], fields: Sequence[str]) -> Iterator[Mapping[str, Any]]:
        offset = None
        while True:
            records, offset = self.scroll_page(filters, fields, SCROLL_PAGE, offset)
            yield from (payload for _, payload in records)
            if offset is None:
                return

    def retrieve(self, ids: Sequence[str], with_payload: bool = False,
                 ) -> list[tuple[str, np.ndarray, Mapping[str, Any]]]:
        """(point id, vector, payload) of the points that exist among ``ids``."""
        shard = self.shard
        if shard is None:
            return []
        out = []
        for record in shard.retrieve(list(ids), with_payload=with_payload, with_vector=True):
            vector = record.vector
            vector = vector.get("", vector) if isinstance(vector, dict) else vector
            out.append((str(record.id), np.asarray(vector, dtype=np.float32), record.payload or {}))
        return out

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {pid: vector for pid, vector, _ in self.retrieve(ids)}

    def dim(self) -> int:
        return int((self._meta or {}).get("dim") or 0)

    def points(self) -> tuple[int, int]:
        """(points, points in HNSW-indexed segments): how much of the shard is searched exactly."""
        shard = self.shard
        if shard is None:
            return 0, 0
        info = shard.info()
        return int(info.points_count), int(info.indexed_vectors_count)

    # --- HNSW -------------------------------------------------------------------------------------------
    def optimize(self) -> bool:
        """Build the HNSW graph and merge segments here and now (blocks this process; commands use it)."""
        with self.write_lock:
            shard = self.shard
            return bool(shard.optimize()) if shard is not None else False

    def optimize_aside(self) -> bool:
        """Build the HNSW graph in a child process on a copy, then swap it in; searches go on meanwhile."""
        from embeddings.edge_rebuild import rebuild_aside

        return rebuild_aside(self)

    def swap_to(self, shard_dir: str, shard: qe.EdgeShard) -> tuple[qe.EdgeShard | None, Path]:
        """Make ``shard`` (opened from ``<folder>/<shard_dir>``) the live shard; called under ``write_lock``.
        Returns the previous shard and its folder, for the caller to close and remove once searches left it."""
        old, old_path = self._shard, self.shard_path()
        self._shard = shard
        self._save_meta({**(self._meta or {}), "shard": shard_dir})
        return old, old_path

    def optimize_if_needed(self) -> bool:
        """After writes: build the graph once enough points are searched exactly (in place, or aside)."""
        from embeddings.edge_rebuild import needs_rebuild

        if not needs_rebuild(self):
            return False
        return self.optimize_aside() if self.rebuild_aside else self.optimize()
