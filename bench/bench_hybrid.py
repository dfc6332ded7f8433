"""Hybrid search latency end to end, at real scale and at 10k/100k records, in the default (local Qdrant) setup.

1. Real scale: the records of CBD_VAR_DIR (the demo data and its vectors, loaded by `manage.py load_demo`).
2. 10k and 100k records: a copy of that database grown with synthetic legacy records through the real migration
   (bench_search_api.grow), then `reindex` into both the embedded lexical index and the local vector store (the
   real model embeds every passage; its rate is printed). Each size runs in a child process of its own.
3. At every size, the same queries through GET /api/search/ (Django test client) in mode=lexical, semantic and
   hybrid, every answer computed afresh (response and count caches emptied before each request): p50/p95 of
   each, hybrid against lexical as a ratio; then hybrid's own parts (query encoding, the vector search that
   hybrid runs) and the process's resident memory with the store loaded.

Server mode (Qdrant's HNSW) is not measured: no Qdrant server can be installed here.

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_hybrid.py [--sizes 10000 100000] [--queries 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

from bench_search_api import base_documents, grow, load, percentiles, queries, scaled_environment  # noqa: E402
from django.test import Client  # noqa: E402

from search.backends import get_engine  # noqa: E402

MODES = ("lexical", "semantic", "hybrid")


def time_mode(qs: list[dict], mode: str) -> list[float]:
    """Per-request latency of one mode, each answer computed afresh."""
    from search.response_cache import responses

    client = Client()
    engine = get_engine()
    for params in qs[:20]:  # warm the model, the store and the readers
        client.get("/api/search/", {**params, "mode": mode})
    samples = []
    for params in qs:
        responses.clear()
        if hasattr(engine, "forget_cached_counts"):
            engine.forget_cached_counts()
        started = time.perf_counter()
        response = client.get("/api/search/", {**params, "mode": mode})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (mode, params, response.content[:200])
    return samples


def time_parts(qs: list[dict]) -> dict[str, list[float]]:
    """What hybrid adds to a lexical answer: encoding the query and the vector search (depth 100, language filter)."""
    from embeddings import lease, runtime
    from embeddings.modes import MIN_DEPTH
    from embeddings.retrieval import language_filter

    embedder = runtime.get_embedder()
    parts: dict[str, list[float]] = {"encode query": [], "vector search (100)": []}
    with lease.use_store(wait=30) as store:
        for params in qs:
            t0 = time.perf_counter()
            vector = embedder.encode_query(params["q"])
            t1 = time.perf_counter()
            store.search(vector, limit=MIN_DEPTH, filters=language_filter(params.get("lang", "en")))
            t2 = time.perf_counter()
            parts["encode query"].append((t1 - t0) * 1000)
            parts["vector search (100)"].append((t2 - t1) * 1000)
    return parts


def resident_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def vector_count() -> int:
    from embeddings import lease

    with lease.use_store(wait=30) as store:
        return store.count()


def measure(qs: list[dict]) -> None:
    passages = vector_count()
    if not passages:  # hybrid would quietly answer lexically
        raise SystemExit("the vector store is empty: load the demo data (or reindex) first")
    print(f"  {len(qs)} queries, {passages:,} passages in the local vector store; {load()}", flush=True)
    results = {mode: percentiles(time_mode(qs, mode)) for mode in MODES}
    lexical = results["lexical"]
    for mode, (p50, p95) in results.items():
        ratio = "" if mode == "lexical" else f"   (×{p50 / lexical[0]:.2f} / ×{p95 / lexical[1]:.2f} of lexical)"
        goal = "   goal p95 <= 120 ms" if mode == "hybrid" else ""
        print(f"  mode={mode:<9} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{ratio}{goal}", flush=True)
    for name, samples in time_parts(qs).items():
        p50, p95 = percentiles(samples)
        print(f"    {name:<22} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")
    print(f"  resident memory with the store loaded: {resident_mib():,.0f} MiB ({load()})", flush=True)


def run_scaled(size: int, var: Path, query_file: Path) -> None:
    from django.conf import settings

    var.mkdir(parents=True)
    shutil.copyfile(Path(settings.DATABASES["default"]["NAME"]), var / "db.sqlite3")
    env = {**scaled_environment(var), "SEMANTIC_ENABLED": "1", "QDRANT_PATH": str(var / "qdrant")}
    subprocess.run([sys.executable, __file__, "--child-size", str(size), "--queries-file", str(query_file)],
                   env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_size:
        started = time.perf_counter()
        grow(args.child_size)
        print(f"  built in {time.perf_counter() - started:.0f} s (migration, lexical index, vectors)", flush=True)
        measure(json.loads(args.queries_file.read_text()))
        return
    # Searches with words only: browsing and date order never reach the vector store.
    qs = [q for q in queries(base_documents(), args.queries * 2, random.Random(20261126)) if q["q"].strip()]
    qs = [{k: v for k, v in q.items() if k != "sort"} for q in qs[: args.queries]]
    print(f"Real data ({os.environ.get('CBD_VAR_DIR', 'var/')}), cpus {os.cpu_count()}:", flush=True)
    measure(qs)
    with tempfile.TemporaryDirectory(prefix="bench-hybrid-") as tmp:
        query_file = Path(tmp) / "queries.json"
        query_file.write_text(json.dumps(qs))
        for size in args.sizes:
            print(f"\n{size:,} records:", flush=True)
            run_scaled(size, Path(tmp) / f"var-{size}", query_file)


if __name__ == "__main__":
    main()
