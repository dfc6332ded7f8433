"""Move a built index between the embedded store and a Qdrant server without re-embedding.

An Edge shard keeps Qdrant's own segment format, so a tar of its ``segments/`` directory is a shard snapshot in
the server's streamable layout (``segments/<uuid>/...``; Qdrant's ``SnapshotUtils::unpack_snapshot`` reads it).
The write-ahead log is left out: the segments are flushed first and hold every point, and Edge's log records
operations in a different envelope than a server's. Beside the archive, ``<file>.json`` keeps the collection's
metadata (model id and dimension), which a shard snapshot does not carry.

- ``export_edge``: the embedded collection -> snapshot file (``manage.py vector_snapshot export``).
- ``download``: the same through the vector service or a server (``GET /collections/{name}/shards/0/snapshot``).
- ``restore_edge``: snapshot file -> a fresh embedded collection (``EdgeShard.unpack_snapshot``).
- ``upload``: snapshot file -> a server collection: create it from the one collection definition, then
  ``POST /collections/{name}/shards/0/snapshots/upload?priority=snapshot`` (multipart field ``snapshot``).
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import httpx
import qdrant_edge as qe

from embeddings.edge_backend import EdgeBackend
from embeddings.store import VectorStore


def metadata_path(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name + ".json")


def write_shard_tar(backend: EdgeBackend, out: IO[bytes]) -> dict[str, Any]:
    """Flush the live shard and archive its segments into ``out``; returns the collection metadata."""
    with backend.write_lock:
        shard = backend.shard
        meta = backend.metadata()
        if shard is None or meta is None:
            raise FileNotFoundError(f"no collection {backend.name!r} in {backend.folder.parent}")
        shard.flush()
        segments = backend.shard_path() / "segments"
        with tarfile.open(fileobj=out, mode="w|") as tar:
            for segment in sorted(p for p in segments.iterdir() if not p.name.startswith(".")):
                tar.add(segment, arcname=f"segments/{segment.name}")
        return {"collection_metadata": meta, "points": backend.points()[0]}


def export_edge(backend: EdgeBackend, target: Path) -> dict[str, Any]:
    with target.open("wb") as out:
        info = write_shard_tar(backend, out)
    metadata_path(target).write_text(json.dumps(info))
    return info


def download(url: str, collection: str, target: Path, api_key: str | None = None) -> dict[str, Any]:
    """A shard snapshot streamed by the vector service or a Qdrant server, and the collection's metadata."""
    headers = {"api-key": api_key} if api_key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        meta = client.get(f"/collections/{collection}").raise_for_status().json()["result"]["config"]["metadata"]
        with client.stream("GET", f"/collections/{collection}/shards/0/snapshot") as response, \
                target.open("wb") as out:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                out.write(chunk)
    info = {"collection_metadata": meta}
    metadata_path(target).write_text(json.dumps(info))
    return info


def read_metadata(snapshot: Path) -> dict[str, Any]:
    sidecar = metadata_path(snapshot)
    if not sidecar.exists():
        raise FileNotFoundError(f"{sidecar} is missing: it records the model the vectors came from")
    return dict(json.loads(sidecar.read_text())["collection_metadata"])


def restore_edge(snapshot: Path, root: str | Path, collection: str, *, replace: bool = False) -> int:
    """Unpack a shard snapshot as the embedded collection; returns its point count."""
    meta = read_metadata(snapshot)
    backend = EdgeBackend(root, collection)
    try:
        if backend.exists() and not replace:
            raise FileExistsError(f"collection {collection!r} exists in {root}; pass replace to overwrite it")
        backend.drop()
        qe.EdgeShard.unpack_snapshot(str(snapshot), str(backend.folder / "shard-0"))
        backend.adopt({**meta, "shard": "shard-0"})
        return backend.points()[0]
    finally:
        backend.close()


def upload(snapshot: Path, url: str, collection: str, api_key: str | None = None,
           metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Create the server collection from the one definition, then restore the shard snapshot into it."""
    meta = dict(metadata or read_metadata(snapshot))
    store = VectorStore(url=url, collection=collection, api_key=api_key)
    try:
        store.ensure_collection(str(meta["model_id"]), int(meta["dim"]))
    finally:
        store.close()
    headers = {"api-key": api_key} if api_key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client, snapshot.open("rb") as archive:
        response = client.post(f"/collections/{collection}/shards/0/snapshots/upload",
                                params={"priority": "snapshot", "wait": "true"},
                                files={"snapshot": (snapshot.name, archive, "application/octet-stream")})
        response.raise_for_status()
        return response.json()
