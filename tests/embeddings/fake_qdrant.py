"""A small in-memory stand-in for the Qdrant server's documented REST contract (stdlib only, 127.0.0.1).

It implements just the endpoints the VectorStore uses, with Qdrant's documented request and response shapes
(https://api.qdrant.tech/api-reference), and records every request so tests can assert what was sent.
Vectors are compared by dot product, filters support ``must`` with ``match.any`` / ``match.value``.
A shard snapshot upload (multipart field ``snapshot``) is restored the way a server reads one: unpacked as a
shard (Qdrant's own code, through qdrant-edge) and its points loaded into the collection.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse


@dataclass
class Request:
    method: str
    path: str
    query: str
    body: Any


@dataclass
class Collection:
    config: dict
    points: dict[str, dict] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)


def _matches(payload: dict, flt: dict | None) -> bool:
    for cond in (flt or {}).get("must", []) or []:
        value = payload.get(cond["key"])
        values = value if isinstance(value, list) else [value]
        match = cond["match"]
        wanted = match["any"] if "any" in match else [match["value"]]
        if not set(map(str, values)) & set(map(str, wanted)):
            return False
    return True


def _multipart_file(content_type: str, raw: bytes, field: str) -> bytes | None:
    """The bytes of one file field of a multipart/form-data body (stdlib email parser)."""
    message = BytesParser(policy=default).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == field:
            return part.get_payload(decode=True)
    return None


class FakeQdrant:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.collections: dict[str, Collection] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeQdrant:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, method: str, pattern: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]

    # --- routing ----------------------------------------------------------------------------------------
    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        upload = re.fullmatch(r"/collections/([^/]+)/shards/0/snapshots/upload", path)
        if upload and method == "POST":
            return self._restore_shard_snapshot(upload.group(1), body)
        if path == "/":
            return 200, {"title": "qdrant - vector search engine", "version": "1.20.0"}
        m = re.fullmatch(r"/collections/([^/]+)(/.*)?", path)
        if not m:
            return 404, {"status": {"error": "not found"}}
        name, rest = m.group(1), m.group(2) or ""
        coll = self.collections.get(name)
        if rest == "/exists":
            return 200, {"exists": coll is not None}
        if rest == "" and method == "PUT":
            self.collections[name] = Collection(config=body)
            return 200, True
        if rest == "" and method == "DELETE":
            return 200, self.collections.pop(name, None) is not None
        if coll is None:
            return 404, {"status": {"error": f"Collection `{name}` doesn't exist!"}}
        if rest == "" and method == "GET":
            return 200, self._info(coll)
        return self._points(coll, method, rest, body)

    def _points(self, coll: Collection, method: str, rest: str, body: Any) -> tuple[int, Any]:
        done = {"operation_id": len(self.requests), "status": "completed"}
        if rest == "/index" and method == "PUT":
            coll.indexes[body["field_name"]] = body["field_schema"]
            return 200, done
        if rest == "/points" and method == "POST":  # retrieve by ids
            found = [coll.points[str(i)] for i in body["ids"] if str(i) in coll.points]
            return 200, [{**self._record(p, body.get("with_payload")), **(
                {"vector": p["vector"]} if body.get("with_vector") else {})} for p in found]
        if rest == "/points" and method == "PUT":
            for point in body["points"]:
                coll.points[str(point["id"])] = point
            return 200, done
        if rest == "/points/delete":
            self._delete(coll, body)
            return 200, done
        if rest == "/points/batch":
            for op in body["operations"]:
                spec = op["overwrite_payload"]
                for pid in spec["points"]:
                    coll.points[str(pid)]["payload"] = spec["payload"]
            return 200, [done for _ in body["operations"]]
        if rest == "/points/query":
            return 200, {"points": self._query(coll, body)}
        if rest == "/points/scroll":
            hits = [p for p in coll.points.values() if _matches(p.get("payload", {}), body.get("filter"))]
            return 200, {"points": [self._record(p, body.get("with_payload")) for p in hits], "next_page_offset": None}
        if rest == "/points/count":
            flt = body.get("filter")
            return 200, {"count": sum(_matches(p.get("payload", {}), flt) for p in coll.points.values())}
        return 404, {"status": {"error": f"unsupported {method} {rest}"}}

    def _delete(self, coll: Collection, body: dict) -> None:
        if "points" in body:
            for pid in body["points"]:
                coll.points.pop(str(pid), None)
        else:
            for pid in [k for k, p in coll.points.items() if _matches(p.get("payload", {}), body["filter"])]:
                del coll.points[pid]

    def _query(self, coll: Collection, body: dict) -> list[dict]:
        # The REST API takes {"query": {"nearest": [...]}} (the client wraps a bare vector into that form).
        query = body["query"]["nearest"] if isinstance(body["query"], dict) else body["query"]
        scored = [
            (sum(a * b for a, b in zip(query, p["vector"], strict=True)), p)
            for p in coll.points.values()
            if _matches(p.get("payload", {}), body.get("filter"))
        ]
        threshold = body.get("score_threshold")
        scored = [(s, p) for s, p in scored if threshold is None or s > threshold]
        scored.sort(key=lambda sp: -sp[0])
        return [{"id": p["id"], "version": 1, "score": s, "payload": p["payload"]} for s, p in scored[: body["limit"]]]

    def _restore_shard_snapshot(self, name: str, archive: bytes) -> tuple[int, Any]:
        import tempfile

        import qdrant_edge as qe

        coll = self.collections.get(name)
        if coll is None:
            return 404, {"status": {"error": f"Collection `{name}` doesn't exist!"}}
        with tempfile.TemporaryDirectory() as tmp:
            snapshot, shard_dir = Path(tmp) / "upload.snapshot", Path(tmp) / "shard"
            snapshot.write_bytes(archive)
            qe.EdgeShard.unpack_snapshot(str(snapshot), str(shard_dir))
            shard = qe.EdgeShard.load(str(shard_dir))
            records, _ = shard.scroll(qe.ScrollRequest(limit=100_000, with_payload=True, with_vector=True))
            coll.points = {str(r.id): {"id": str(r.id), "payload": r.payload or {},
                                       "vector": list(r.vector.get("", r.vector) if isinstance(r.vector, dict)
                                                      else r.vector)} for r in records}
            shard.close()
        return 200, True

    @staticmethod
    def _record(point: dict, with_payload: Any) -> dict:
        payload = point.get("payload", {})
        if isinstance(with_payload, list):
            payload = {k: v for k, v in payload.items() if k in with_payload}
        return {"id": point["id"], "payload": payload}

    @staticmethod
    def _info(coll: Collection) -> dict:
        return {
            "status": "green",
            "optimizer_status": "ok",
            "segments_count": 1,
            "points_count": len(coll.points),
            "config": {
                "params": {"vectors": coll.config["vectors"]},
                "hnsw_config": {"m": 16, "ef_construct": 100, "full_scan_threshold": 10000},
                "optimizer_config": {"default_segment_number": 0, "flush_interval_sec": 5},
                "metadata": coll.config.get("metadata"),
            },
            "payload_schema": {k: {"data_type": v, "points": 0} for k, v in coll.indexes.items()},
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.headers.get_content_type() == "multipart/form-data":
                    body = _multipart_file(self.headers["Content-Type"], raw, "snapshot")
                else:
                    body = json.loads(raw) if raw else None
                url = urlparse(self.path)
                fake.requests.append(Request(self.command, url.path, url.query, body))
                try:
                    status, result = fake.handle(self.command, url.path, body)
                except Exception as exc:  # a contract mismatch must fail the test, not hang the client
                    status, result = 500, {"status": {"error": repr(exc)}}
                doc = result if url.path == "/" else {"result": result, "status": "ok", "time": 0.0001}
                if status != 200:
                    doc = result
                data = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = _serve

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

        return Handler
