"""A tiny stand-in for Meilisearch's documented HTTP API (stdlib http.server on 127.0.0.1).

It answers just the endpoints the adapter uses, records every request, and can be told to fail a task
or answer with an HTTP error in Meilisearch's error shape {message, code, type, link}. Used to check
the payloads the adapter sends, not search quality (the live suite covers that).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NOW = "2026-11-25T10:00:00.000000Z"


@dataclass
class Recorded:
    method: str
    path: str
    body: Any


@dataclass
class FakeMeili:
    requests: list[Recorded] = field(default_factory=list)
    search_response: dict = field(default_factory=lambda: {"hits": [], "totalHits": 0, "facetDistribution": {}})
    fail_tasks: dict[str, dict] = field(default_factory=dict)  # task type -> error object
    http_error: tuple[int, dict] | None = None
    existing_indexes: set[str] = field(default_factory=set)
    tasks: dict[int, dict] = field(default_factory=dict)

    def enqueue(self, task_type: str, index_uid: str | None) -> dict:
        uid = len(self.tasks)
        error = self.fail_tasks.get(task_type)
        self.tasks[uid] = {"uid": uid, "indexUid": index_uid, "status": "failed" if error else "succeeded",
                           "type": task_type, "error": error, "enqueuedAt": NOW, "startedAt": NOW,
                           "finishedAt": NOW, "duration": "PT0.001S"}
        return {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": task_type, "enqueuedAt": NOW}

    def of(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]


def error_body(message: str, code: str, type_: str = "invalid_request") -> dict:
    return {"message": message, "code": code, "type": type_, "link": f"https://docs.meilisearch.com/errors#{code}"}


ROUTES = [
    ("POST", r"/indexes", "create"),
    ("PATCH", r"/indexes/([^/]+)/settings", "settings"),
    ("POST", r"/indexes/([^/]+)/documents", "add"),
    ("POST", r"/indexes/([^/]+)/documents/delete", "delete_filter"),
    ("POST", r"/indexes/([^/]+)/documents/delete-batch", "delete_batch"),
    ("DELETE", r"/indexes/([^/]+)/documents", "delete_all"),
    ("POST", r"/indexes/([^/]+)/documents/fetch", "fetch"),
    ("POST", r"/indexes/([^/]+)/search", "search"),
    ("GET", r"/indexes/([^/]+)/stats", "stats"),
    ("GET", r"/tasks/(\d+)", "task"),
]
TASK_TYPES = {"settings": "settingsUpdate", "add": "documentAdditionOrUpdate", "delete_filter": "documentDeletion",
              "delete_batch": "documentDeletion", "delete_all": "documentDeletion"}


def _handler(state: FakeMeili):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def _reply(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            path = self.path.split("?", 1)[0]
            state.requests.append(Recorded(self.command, path, json.loads(raw) if raw else None))
            if state.http_error:
                return self._reply(*state.http_error)
            for method, pattern, name in ROUTES:
                match = re.fullmatch(pattern, path)
                if method == self.command and match:
                    return self._route(name, match, state.requests[-1].body)
            return self._reply(404, error_body("not found", "not_found"))

        def _route(self, name: str, match, body) -> None:
            if name == "create":
                uid = body["uid"]
                if uid in state.existing_indexes:
                    state.fail_tasks.setdefault("indexCreation", error_body(f"Index `{uid}` already exists.",
                                                                            "index_already_exists"))
                state.existing_indexes.add(uid)
                return self._reply(202, state.enqueue("indexCreation", uid))
            if name in TASK_TYPES:
                return self._reply(202, state.enqueue(TASK_TYPES[name], match.group(1)))
            if name == "search":
                return self._reply(200, state.search_response)
            if name == "fetch":
                return self._reply(200, {"results": [], "offset": 0, "limit": 1000, "total": 0})
            if name == "stats":
                return self._reply(200, {"numberOfDocuments": 3, "isIndexing": False, "fieldDistribution": {}})
            task = state.tasks.get(int(match.group(1)))
            return self._reply(200, task) if task else self._reply(404, error_body("no task", "task_not_found"))

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle

    return Handler


class FakeMeiliServer:
    def __init__(self):
        self.state = FakeMeili()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeMeiliServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
