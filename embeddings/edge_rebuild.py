"""Build a shard's HNSW graph without stopping its searches: optimise a copy in a child process, then swap.

``EdgeShard.optimize()`` holds the GIL for as long as it runs (seconds at 20k points, minutes at 100k), so the
owning process could answer nothing meanwhile. Here the owner flushes its shard and copies the directory
(under its write lock, ~1 s at 100k), a child process (``python -m embeddings.edge_rebuild DIR``) optimises the
copy, and the owner loads the result, replays the writes it took meanwhile (``EdgeBackend.journal``) and makes
it the live shard. Searches keep using the old shard until the swap; the old one is closed a little later, so a
search that had already picked it finishes on it. A failed build leaves the live shard as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import qdrant_edge as qe

from embeddings import collection as spec

if TYPE_CHECKING:
    from embeddings.edge_backend import EdgeBackend

# The graph is rebuilt once the vectors searched exactly pass the indexing threshold (below it the optimiser would
# leave them unindexed anyway) and half the indexed ones (so a bulk load rebuilds a geometric number of times).
REBUILD_MIN_UNINDEXED_KB = spec.INDEXING_THRESHOLD_KB
OLD_SHARD_GRACE_SECONDS = 5.0
_running = threading.Lock()


def needs_rebuild(backend: EdgeBackend) -> bool:
    points, indexed = backend.points()
    vector_kb = backend.dim() * 4 / 1024
    return (points - indexed) * vector_kb >= REBUILD_MIN_UNINDEXED_KB and points - indexed >= indexed // 2


def _next_dir(backend: EdgeBackend) -> str:
    numbers = [int(m.group(1)) for p in backend.folder.glob("shard-*") if (m := re.fullmatch(r"shard-(\d+)", p.name))]
    return f"shard-{max(numbers, default=0) + 1}"


def rebuild_aside(backend: EdgeBackend) -> bool:
    """Optimise a copy of the live shard in a child process and swap it in. False when nothing to do."""
    if not _running.acquire(blocking=False):
        return False  # one rebuild at a time
    try:
        with backend.write_lock:
            shard = backend.shard
            if shard is None:
                return False
            shard.flush()
            target = backend.folder / _next_dir(backend)
            shutil.copytree(backend.shard_path(), target)
            backend.journal = []
        try:
            subprocess.run([sys.executable, "-m", "embeddings.edge_rebuild", str(target)], check=True,  # noqa: S603
                           capture_output=True, text=True)
            with backend.write_lock:
                rebuilt = qe.EdgeShard.load(str(target))
                for operation in backend.journal:
                    rebuilt.update(operation)
                rebuilt.flush()
                old = backend.swap_to(target.name, rebuilt)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        finally:
            with backend.write_lock:
                backend.journal = None
        _retire_later(*old)
        return True
    finally:
        _running.release()


def _retire_later(shard: qe.EdgeShard | None, path: object) -> None:
    def retire() -> None:
        if shard is not None:
            shard.close()
        shutil.rmtree(str(path), ignore_errors=True)

    timer = threading.Timer(OLD_SHARD_GRACE_SECONDS, retire)
    timer.daemon = True
    timer.start()


def main(path: str) -> None:
    started = time.perf_counter()
    shard = qe.EdgeShard.load(path)
    shard.optimize()
    shard.flush()
    info = shard.info()
    shard.close()
    print(f"optimised {path}: {info.points_count} points, {info.indexed_vectors_count} indexed, "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
