"""A disk cache of passage vectors for the benches: embed each passage text once, reuse it in every later run.

Building 100k passages takes ~40 minutes of model time on this 2-core machine; the store benches and the hybrid
bench (this tree and the base tree, whose code is compared) need the same vectors again and again. The cache is a
SQLite file (stdlib, safe across processes) keyed by the model id and the exact text the model saw, so a cached
vector is exactly what ``Embedder.encode_passages`` would return. Keep it under ``var/`` (never committed).

    install(path)  # every Embedder in this process encodes passages through the cache
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path(os.environ.get("BENCH_DATA_DIR") or Path(__file__).resolve().parents[1] / "var" / "bench") \
    / "passage-vectors.sqlite3"


class VectorCache:
    def __init__(self, path: Path = DEFAULT_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        self.hits = self.misses = 0

    @staticmethod
    def key(model_id: str, text: str) -> bytes:
        return hashlib.sha256(f"{model_id}\0{text}".encode()).digest()

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start:start + 500])
            rows = self.db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update({key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
        return found

    def store(self, items: dict[bytes, np.ndarray]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM vectors").fetchone()[0])


def install(path: Path = DEFAULT_PATH) -> VectorCache:
    """Route ``Embedder.encode_passages`` through the cache (in this process; works on any tree's embedder)."""
    from embeddings.embedder import Embedder

    cache = VectorCache(path)
    uncached = Embedder.encode_passages

    def encode_passages(self: Embedder, texts: Sequence[str]) -> np.ndarray:
        keys = [cache.key(self.model_id, self.passage_prefix + t) for t in texts]
        found = cache.lookup(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        cache.hits += len(keys) - len(missing)
        cache.misses += len(missing)
        if missing:
            fresh = uncached(self, [texts[i] for i in missing])
            new = {keys[i]: fresh[j] for j, i in enumerate(missing)}
            cache.store(new)
            found.update(new)
        if not keys:
            return uncached(self, [])
        return np.stack([found[k] for k in keys]).astype(np.float32)

    Embedder.encode_passages = encode_passages  # type: ignore[method-assign]
    return cache
