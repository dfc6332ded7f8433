"""Hybrid search latency at 100k records in the default (local Qdrant) setup.

What mode=hybrid adds to a lexical query, measured per query: encode the query with the real model, search the
local (brute-force) vector store holding N passages (synthetic unit vectors with the real payload shape, one
passage per record), and fuse with a lexical list of 100 hits by RRF (embeddings.fusion). The lexical engine's
own latency at 100k docs is measured by bench/bench_search_api.py; add the two. Server mode (HNSW) is not
measured: no Qdrant server runs here.

    .venv/bin/python bench/bench_hybrid.py [--records 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from embeddings.embedder import DEV_MODEL, Embedder  # noqa: E402
from embeddings.fusion import reciprocal_rank_fusion  # noqa: E402
from embeddings.passages import Passage  # noqa: E402
from embeddings.store import VectorStore  # noqa: E402

QUERIES = ["How can countries get funding for biodiversity projects?", "invasive alien species on islands",
           "marine protected areas target", "digital sequence information fund", "traditional knowledge"]


def fill(store: VectorStore, n: int, dim: int, model_id: str) -> None:
    rng = np.random.default_rng(7)
    store.ensure_collection(model_id, dim)
    for start in range(0, n, 5000):
        size = min(5000, n - start)
        vectors = rng.standard_normal((size, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        passages = [Passage(id=f"p{i}", page_id=i, identifier=f"R-{i}", type="notification", language="en",
                            title=f"Record {i}", text="synthetic passage text " * 8, year=2000 + i % 25)
                    for i in range(start, start + size)]
        store.upsert(passages, vectors, model_id, skip_unchanged=False)


def p(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    embedder = Embedder(DEV_MODEL)
    embedder.encode_query("warm up")
    with tempfile.TemporaryDirectory() as folder:
        store = VectorStore(path=folder, collection="bench")
        started = time.perf_counter()
        fill(store, args.records, embedder.dim, embedder.model_id)
        print(f"{args.records:,} passages loaded in {time.perf_counter() - started:.0f} s (local mode)")
        lexical = [{"identifier": f"R-{i * 37 % args.records}", "score": 10.0 - i / 10} for i in range(100)]
        timings: dict[str, list[float]] = {"encode": [], "vector search": [], "fusion": [], "total": []}
        for i in range(args.queries):
            t0 = time.perf_counter()
            vector = embedder.encode_query(QUERIES[i % len(QUERIES)] + f" {i}")
            t1 = time.perf_counter()
            hits = store.search(vector, limit=100, filters={"language": ["en"]})
            t2 = time.perf_counter()
            reciprocal_rank_fusion(lexical, hits)
            t3 = time.perf_counter()
            for name, value in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                timings[name].append(value)
        store.close()
    print(f"hybrid overhead per query at {args.records:,} records ({args.queries} queries), ms:")
    for name, values in timings.items():
        print(f"  {name:<14} p50 {p(values, 50):7.1f}   p95 {p(values, 95):7.1f}")
    print("  server mode (HNSW): not measured (no Qdrant server here)")


if __name__ == "__main__":
    main()
