"""The vector service: one process owns the Qdrant Edge shards and answers Qdrant's REST API for the others.

An Edge shard has one owner, while a deployment runs several gunicorn workers and a Celery worker. So
``manage.py vector_service`` owns ``QDRANT_PATH`` and answers the subset of Qdrant's documented REST API
(https://api.qdrant.tech/api-reference) that the server backend (qdrant-client) sends; every other process sets
``QDRANT_URL`` to it and uses the server backend unchanged. A request outside that subset gets 400 with the reason.

Endpoints: ``GET /``; ``GET|PUT|DELETE /collections/{c}``; ``GET /collections/{c}/exists``;
``PUT /collections/{c}/index``; ``PUT /collections/{c}/points`` (upsert); ``POST /collections/{c}/points``
(retrieve); ``POST /collections/{c}/points/{delete,batch,query,scroll,count}``;
``GET /collections/{c}/shards/0/snapshot`` (the shard as a server snapshot, embeddings/snapshot.py).
Writes are applied before the answer (``wait=true`` semantics): a search that starts after a write's answer sees
it. The HNSW graph is rebuilt aside (embeddings/edge_rebuild.py) once writes pause, so searches never wait on it.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from embeddings import collection as spec
from embeddings.edge_backend import EdgeBackend
from embeddings.filters import from_rest
from embeddings.snapshot import write_shard_tar

logger = logging.getLogger(__name__)
API_VERSION = "1.20.0"  # the server REST version whose documented shapes this subset follows
QUIET_SECONDS = 2.0  # a rebuild starts once writes have paused this long
_ROUTE = re.compile(r"/collections/(?P<name>[A-Za-z0-9_.-]+)(?P<rest>/.*)?")
Response = tuple[int, Any]


class BadRequest(ValueError):
    """A request outside the supported subset, or malformed: answered 400 with the reason."""


class VectorService:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._backends: dict[str, EdgeBackend] = {}
        self._lock = threading.Lock()
        self._monitor: threading.Thread | None = None

    def backend(self, name: str) -> EdgeBackend:
        with self._lock:
            if name not in self._backends:
                backend = EdgeBackend(self.root, name)
                backend.rebuild_aside = True
                self._backends[name] = backend
            return self._backends[name]

    def close(self) -> None:
        with self._lock:
            for backend in self._backends.values():
                backend.close()
            self._backends.clear()

    # --- HNSW upkeep ------------------------------------------------------------------------------------
    def start_monitor(self, every: float = 1.0) -> None:
        """Rebuild a collection's graph aside once its writes paused and enough points are searched exactly."""
        def watch() -> None:
            while True:
                time.sleep(every)
                for backend in list(self._backends.values()):
                    if time.monotonic() - backend.last_write < QUIET_SECONDS or backend.journal is not None:
                        continue
                    try:
                        backend.optimize_if_needed()
                    except Exception:  # a failed build leaves the live shard as it was; try again later
                        logger.exception("vector service: rebuilding %s failed", backend.name)

        if self._monitor is None:
            self._monitor = threading.Thread(target=watch, name="hnsw-rebuild", daemon=True)
            self._monitor.start()

    # --- routing ----------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: Any) -> Response:
        if path == "/":
            return 200, {"title": "cbd vector service (Qdrant Edge)", "version": API_VERSION}
        match = _ROUTE.fullmatch(path)
        if not match:
            return 404, f"no route {method} {path}"
        backend, rest = self.backend(match["name"]), match["rest"] or ""
        if rest == "/exists" and method == "GET":
            return 200, {"exists": backend.exists()}
        if rest == "" and method == "PUT":
            return self._create(backend, body)
        if rest == "" and method == "DELETE":
            existed = backend.exists()
            backend.drop()
            return 200, existed
        if not backend.exists():
            return 404, f"Collection `{backend.name}` doesn't exist!"
        handler = ROUTES.get((method, rest))
        if handler is None:
            return 404, f"no route {method} {path}"
        return handler(backend, body or {})

    def _create(self, backend: EdgeBackend, body: Any) -> Response:
        vectors = (body or {}).get("vectors") or {}
        if not isinstance(vectors.get("size"), int) or vectors.get("distance") != spec.DISTANCE:
            raise BadRequest(f"vectors must be one unnamed {spec.DISTANCE} vector with an integer size")
        backend.create(vectors["size"], dict(body.get("metadata") or {}))
        return 200, True


def _info(backend: EdgeBackend, body: Any) -> Response:
    points, indexed = backend.points()
    return 200, {
        "status": "green", "optimizer_status": "ok", "segments_count": 1, "points_count": points,
        "indexed_vectors_count": indexed,
        "config": {
            "params": {"vectors": {"size": backend.dim(), "distance": spec.DISTANCE}},
            "hnsw_config": {"m": spec.HNSW_M, "ef_construct": spec.HNSW_EF_CONSTRUCT,
                            "full_scan_threshold": spec.FULL_SCAN_THRESHOLD_KB},
            "optimizer_config": {"default_segment_number": 0, "flush_interval_sec": 5,
                                 "indexing_threshold": spec.INDEXING_THRESHOLD_KB},
            "metadata": backend.metadata(),
        },
        "payload_schema": {field: {"data_type": schema, "points": points}
                           for field, schema in spec.PAYLOAD_INDEXES.items()},
    }


def _done() -> dict[str, Any]:
    return {"operation_id": 0, "status": "completed"}


def _index(backend: EdgeBackend, body: dict) -> Response:
    schema = body.get("field_schema")
    if schema not in ("keyword", "integer"):
        raise BadRequest(f"field_schema {schema!r}: only keyword and integer indexes are supported")
    backend.create_index(str(body["field_name"]), schema)
    return 200, _done()


def _upsert(backend: EdgeBackend, body: dict) -> Response:
    points = body.get("points")
    if not isinstance(points, list):
        raise BadRequest("upsert takes {'points': [{'id', 'vector', 'payload'}]}")
    vectors = np.asarray([p["vector"] for p in points], dtype=np.float32).reshape(len(points), -1)
    backend.upsert([str(p["id"]) for p in points], vectors, [p.get("payload") or {} for p in points])
    return 200, _done()


def _delete(backend: EdgeBackend, body: dict) -> Response:
    if "points" in body:
        backend.delete_ids([str(p) for p in body["points"]])
    else:
        backend.delete_where(from_rest(body.get("filter")))
    return 200, _done()


def _batch(backend: EdgeBackend, body: dict) -> Response:
    operations = body.get("operations") or []
    if any(set(op) != {"overwrite_payload"} for op in operations):
        raise BadRequest("batch supports overwrite_payload operations only")
    for op in operations:
        spec_ = op["overwrite_payload"]
        backend.overwrite_payloads([(str(pid), spec_["payload"]) for pid in spec_["points"]])
    return 200, [_done() for _ in operations]


def _query(backend: EdgeBackend, body: dict) -> Response:
    query = body.get("query")
    vector = query.get("nearest") if isinstance(query, dict) else query
    if not isinstance(vector, list):
        raise BadRequest("query must be a dense vector or {'nearest': vector}")
    params = body.get("params") or {}
    hits = backend.query(np.asarray(vector, dtype=np.float32), int(body.get("limit", 10)),
                         from_rest(body.get("filter")), body.get("score_threshold"),
                         hnsw_ef=params.get("hnsw_ef") or spec.HNSW_EF, exact=bool(params.get("exact")))
    return 200, {"points": [{"id": pid, "version": 0, "score": score, "payload": _select(payload, body)}
                            for pid, score, payload in hits]}


def _select(payload: dict, body: dict) -> dict | None:
    wanted = body.get("with_payload", True)
    if wanted is True:
        return payload
    return {k: v for k, v in payload.items() if k in wanted} if isinstance(wanted, list) else None


def _scroll(backend: EdgeBackend, body: dict) -> Response:
    wanted = body.get("with_payload", True)
    records, offset = backend.scroll_page(from_rest(body.get("filter")), wanted if wanted is not None else True,
                                          int(body.get("limit") or 10), body.get("offset"))
    return 200, {"points": [{"id": pid, "payload": payload} for pid, payload in records],
                 "next_page_offset": None if offset is None else str(offset)}


def _count(backend: EdgeBackend, body: dict) -> Response:
    return 200, {"count": backend.count(from_rest(body.get("filter")))}


def _retrieve(backend: EdgeBackend, body: dict) -> Response:
    records = backend.retrieve([str(i) for i in body.get("ids") or []], with_payload=True)
    with_vector = body.get("with_vector", False)
    return 200, [{"id": pid, "payload": _select(dict(payload), body),
                  "vector": vector.tolist() if with_vector else None} for pid, vector, payload in records]


ROUTES: dict[tuple[str, str], Callable[[EdgeBackend, Any], Response]] = {
    ("GET", ""): _info, ("PUT", "/index"): _index, ("PUT", "/points"): _upsert, ("POST", "/points"): _retrieve,
    ("POST", "/points/delete"): _delete, ("POST", "/points/batch"): _batch, ("POST", "/points/query"): _query,
    ("POST", "/points/scroll"): _scroll, ("POST", "/points/count"): _count,
}


def wsgi_app(service: VectorService) -> Callable[..., Iterable[bytes]]:
    """The WSGI application gunicorn serves (``manage.py vector_service``)."""
    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"
        if method == "GET" and re.fullmatch(r"/collections/[^/]+/shards/0/snapshot", path):
            return _snapshot(service, path.split("/")[2], start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length)) if length else None
            status, result = service.handle(method, path, body)
        except (BadRequest, ValueError, KeyError, TypeError) as exc:
            status, result = 400, f"bad request: {exc}"
        except spec.StoreLockedError as exc:
            status, result = 503, str(exc)
        except Exception as exc:
            logger.exception("vector service: %s %s failed", method, path)
            status, result = 500, f"internal error: {exc}"
        elapsed = time.perf_counter() - started
        if path == "/":
            doc = result
        elif status == 200:
            doc = {"result": result, "status": "ok", "time": elapsed}
        else:
            doc = {"status": {"error": result}, "time": elapsed}
        data = json.dumps(doc).encode()
        start_response(f"{status} {_REASONS.get(status, 'Error')}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    return app


_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


def _snapshot(service: VectorService, name: str, start_response: Callable) -> Iterable[bytes]:
    backend = service.backend(name)
    if not backend.exists():
        data = json.dumps({"status": {"error": f"Collection `{name}` doesn't exist!"}}).encode()
        start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]
    archive = tempfile.TemporaryFile(dir=service.root)  # noqa: SIM115 - closed by the response iterator
    write_shard_tar(backend, archive)
    size = archive.tell()
    archive.seek(0)
    start_response("200 OK", [("Content-Type", "application/x-tar"), ("Content-Length", str(size)),
                              ("Content-Disposition", f'attachment; filename="{name}.snapshot"')])

    def chunks() -> Iterable[bytes]:
        with archive:
            while chunk := archive.read(1 << 20):
                yield chunk

    return chunks()
