"""Borrowing the process's vector store so two processes can take turns on a local (folder) store.

Qdrant local mode takes an exclusive folder lock for as long as its client is open. Held forever by the web
process, it would make ``manage.py reindex`` (or ``load_demo``) fail while the dev server runs. So every use goes
through ``use_store()``: it opens the store lazily, retries while another process holds the folder (up to
``wait`` seconds), and a timer closes the client after ``VECTOR_STORE_IDLE_SECONDS`` without use, releasing the
lock. A command that is waiting therefore gets its turn within that idle time; meanwhile the web process
degrades (hybrid search answers lexically, ask returns 503) instead of blocking. Server mode (``QDRANT_URL``)
has no folder lock: the client is kept open and nothing waits.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from embeddings import runtime
from embeddings.store import StoreLockedError, VectorStore

DEFAULT_IDLE_SECONDS = 20.0
RETRY_SECONDS = 0.25
SEARCH_WAIT = 1.0  # a reader would rather get a lexical answer now than wait for a reindex
WRITE_WAIT = 30.0  # outbox drains and commands wait for the other process's idle release

_lock = threading.RLock()  # local mode is in-process brute force: one operation at a time per process
_timer: threading.Timer | None = None
_last_used = 0.0


def _setting(name: str, default: float) -> float:
    from django.conf import settings

    return float(getattr(settings, name, default)) if settings.configured else default


def _open(store: VectorStore, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            store.client  # noqa: B018 - opening the client takes the folder lock
            return
        except StoreLockedError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(RETRY_SECONDS)


@contextmanager
def use_store(wait: float = WRITE_WAIT) -> Iterator[VectorStore]:
    """The process's store, open, for one operation; raises StoreLockedError after ``wait`` seconds."""
    global _last_used
    with _lock:
        store = runtime.get_store()
        _open(store, wait)
        try:
            yield store
        finally:
            _last_used = time.monotonic()
            if store.mode == "local":
                _schedule_release(store)


def _schedule_release(store: VectorStore) -> None:
    global _timer
    idle = _setting("VECTOR_STORE_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)
    if _timer is not None:
        _timer.cancel()
    _timer = threading.Timer(idle, _release_if_idle, args=(store, idle))
    _timer.daemon = True
    _timer.start()


def _release_if_idle(store: VectorStore, idle: float) -> None:
    with _lock:
        if time.monotonic() - _last_used >= idle * 0.99:
            store.close()


def release() -> None:
    """Close the store now (end of a management command, tests): the folder lock is free at once."""
    global _timer
    with _lock:
        if _timer is not None:
            _timer.cancel()
            _timer = None
        runtime.get_store().close()
