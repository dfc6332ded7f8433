"""Per-process configuration and singletons: one embedder and one vector store per process.

The Django wiring calls ``configure(django.conf.settings)`` once (AppConfig.ready) and then ``get_store()`` /
``get_embedder()`` wherever it needs them. Without ``configure`` the values come from the environment.
Singletons are keyed by pid: a forked child (gunicorn worker, celery prefork) never reuses its parent's store,
whose embedded shard (and its folder lock) belongs to the parent.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from embeddings.embedder import DEFAULT_MODEL, QUERY_CACHE_SIZE, Embedder
from embeddings.store import VectorStore

DEFAULT_PATH = "var/qdrant"


@dataclass(frozen=True)
class EmbeddingSettings:
    model: str = DEFAULT_MODEL
    quantize: str = ""  # EMBEDDING_QUANTIZE: "" or "fp16" (embedder.half_linear_weights)
    query_cache: int = QUERY_CACHE_SIZE  # EMBEDDING_QUERY_CACHE: query vectors kept per process, 0 = none
    qdrant_url: str | None = None
    qdrant_path: str = DEFAULT_PATH
    qdrant_api_key: str | None = None
    collection: str = "passages"
    generator_url: str | None = None
    generator_model: str | None = None
    generator_api_key: str | None = None

    @classmethod
    def from_source(cls, source: Any | None = None) -> EmbeddingSettings:
        """Read settings from an object with attributes (django.conf.settings), falling back to os.environ."""

        def get(name: str, default: str | None = None) -> str | None:
            value = getattr(source, name, None) if source is not None else None
            return value if value not in (None, "") else os.environ.get(name) or default

        return cls(
            model=get("EMBEDDING_MODEL", DEFAULT_MODEL) or DEFAULT_MODEL,
            quantize=(get("EMBEDDING_QUANTIZE", "") or "").strip().lower(),
            query_cache=int(str(get("EMBEDDING_QUERY_CACHE", str(QUERY_CACHE_SIZE)))),  # 0 is a value: no cache
            qdrant_url=get("QDRANT_URL"),
            qdrant_path=get("QDRANT_PATH", DEFAULT_PATH) or DEFAULT_PATH,
            qdrant_api_key=get("QDRANT_API_KEY"),
            collection=get("QDRANT_COLLECTION", "passages") or "passages",
            generator_url=get("ASK_GENERATOR_URL"),
            generator_model=get("ASK_GENERATOR_MODEL"),
            generator_api_key=get("ASK_GENERATOR_API_KEY"),
        )


_lock = threading.Lock()
_settings: EmbeddingSettings | None = None
_instances: dict[tuple[int, str], Any] = {}


def configure(source: Any | None = None) -> EmbeddingSettings:
    """Install settings; drops this process's singletons so the next call builds them from the new values."""
    global _settings
    with _lock:
        _settings = EmbeddingSettings.from_source(source)
        for key in [k for k in _instances if k[0] == os.getpid()]:
            instance = _instances.pop(key)
            if isinstance(instance, VectorStore):
                instance.close()
        return _settings


def settings() -> EmbeddingSettings:
    return _settings or configure()


def get_embedder() -> Embedder:
    return _singleton("embedder", lambda s: Embedder(s.model, quantize=s.quantize, query_cache=s.query_cache))


def get_store() -> VectorStore:
    """The process's store: the vector service or a server with QDRANT_URL, else the embedded Edge shard at
    QDRANT_PATH, whose folder this process then owns (taken on first use, not here)."""

    def build(s: EmbeddingSettings) -> VectorStore:
        if s.qdrant_url:
            return VectorStore(url=s.qdrant_url, collection=s.collection, api_key=s.qdrant_api_key)
        return VectorStore(path=s.qdrant_path, collection=s.collection)

    return _singleton("store", build)


def _singleton(name: str, factory: Any) -> Any:
    current = settings()
    key = (os.getpid(), name)
    with _lock:
        if key not in _instances:
            _instances[key] = factory(current)
        return _instances[key]


def reset_runtime() -> EmbeddingSettings:
    """Re-read Django's settings (tests switch QDRANT_PATH) and close this process's store.

    The model itself stays loaded (embedder.load_model caches it per process), so this is cheap.
    """
    from django.conf import settings as django_settings

    return configure(django_settings if django_settings.configured else None)
