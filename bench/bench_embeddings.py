"""Embedding pipeline throughput vs raw model.encode, local-store search latency, vector memory.

1. Throughput: the same passages (built from migration/data, see relevance_semantic.py) go through the product
   pipeline (checksum read -> Embedder.encode_passages -> local VectorStore upsert) and through a bare
   ``model.encode`` in the same run; prints passages/s of both and the ratio (goal >= 0.8x).
2. Search p95 (depth 100, as hybrid asks) over the local store at 10k and 100k points (synthetic unit vectors,
   real payload shape), with and without a payload filter, against qdrant-client's own local search on the same
   store and queries.
3. Memory: raw float32 bytes per 100k vectors and the resident-memory growth of the local store holding them.

    .venv/bin/python bench/bench_embeddings.py [--passages 1200] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from relevance_semantic import build_corpus  # noqa: E402

from embeddings.embedder import DEV_MODEL, Embedder  # noqa: E402
from embeddings.filters import build_filter  # noqa: E402
from embeddings.indexer import sync_pages  # noqa: E402
from embeddings.passages import Passage, build_passages  # noqa: E402
from embeddings.store import VectorStore  # noqa: E402

DIM = 384
TYPES = ["notification", "decision", "meeting-document", "gbf-target", "treaty-article"]


def throughput(embedder: Embedder, passages: list[Passage], tmp: str) -> None:
    texts = [p.embed_text for p in passages]
    embedder.encode_passages(texts[:64])  # warm-up: model load and first-batch allocation
    raw_times, pipe_times = [], []
    for round_ in range(2):  # alternate so neither side profits from a warmer machine
        start = time.perf_counter()
        embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True)
        raw_times.append(time.perf_counter() - start)
        store = VectorStore(path=f"{tmp}/tp{round_}", collection="bench")
        start = time.perf_counter()
        report = sync_pages(store, embedder, passages)
        pipe_times.append(time.perf_counter() - start)
        assert report.embedded == len(passages)
        start = time.perf_counter()
        again = sync_pages(store, embedder, passages)
        resync = time.perf_counter() - start
        store.close()
    raw, pipe = min(raw_times), min(pipe_times)
    n = len(passages)
    print(f"throughput on {n} passages ({embedder.model_id}, batch {embedder.batch_size}):")
    print(f"  raw model.encode           {n / raw:8.1f} passages/s  ({raw:.2f} s)")
    print(f"  pipeline (embed + upsert)  {n / pipe:8.1f} passages/s  ({pipe:.2f} s)")
    print(f"  ratio pipeline/raw         {raw / pipe:8.2f}x  (goal >= 0.80x)")
    print(f"  unchanged re-sync          {resync:8.2f} s, {again.embedded} re-embedded "
          f"({raw / resync:.0f}x faster than encoding)")


def synthetic_points(n: int, seed: int = 7) -> tuple[list[Passage], np.ndarray]:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [
        Passage(id=f"p{i // 4}-c{i % 4}", page_id=i // 4, identifier=f"REC-{i // 4}", type=TYPES[i % len(TYPES)],
                language="en", title=f"Record {i // 4}", text=f"Synthetic passage {i}", year=2000 + i % 26)
        for i in range(n)
    ]
    return passages, vectors


SEARCH_DEPTH = 100  # what mode=hybrid asks the store for


def timed(queries: np.ndarray, run: Callable[[np.ndarray], object]) -> list[float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - t) * 1000)
    return times[5:]  # first queries warm caches


def qdrant_own_search(store: VectorStore, query: np.ndarray, filters: dict | None) -> object:
    """The baseline: the same query through qdrant-client's local search (as the store did before)."""
    return store.client.query_points(store.collection, query=[float(x) for x in query], limit=SEARCH_DEPTH,
                                     query_filter=build_filter(filters), with_payload=True).points


def search_latency(sizes: list[int], tmp: str) -> None:
    proc = psutil.Process()
    rng = np.random.default_rng(11)
    queries = rng.standard_normal((60, DIM), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    for size in sizes:
        passages, vectors = synthetic_points(size)
        gc.collect()
        rss_before = proc.memory_info().rss
        store = VectorStore(path=f"{tmp}/lat{size}", collection="bench")
        store.ensure_collection("synthetic", DIM)
        start = time.perf_counter()
        with warnings.catch_warnings():  # local mode warns above 20,000 points: that is what we measure
            warnings.simplefilter("ignore")
            store.upsert(passages, vectors, "synthetic", skip_unchanged=False)
        load = time.perf_counter() - start
        rss_growth = proc.memory_info().rss - rss_before
        for label, filters in (("no filter", None), ("type filter", {"type": ["decision"]})):
            ours = timed(queries, lambda q, f=filters, s=store: s.search(q, limit=SEARCH_DEPTH, filters=f))
            own = timed(queries, lambda q, f=filters, s=store: qdrant_own_search(s, q, f))
            print(f"  {size:>7} points, {label:11}: p50 {np.percentile(ours, 50):7.1f} ms  "
                  f"p95 {np.percentile(ours, 95):7.1f} ms   qdrant-client's own local search p50 "
                  f"{np.percentile(own, 50):7.1f} / p95 {np.percentile(own, 95):7.1f} ms "
                  f"(×{np.percentile(ours, 50) / np.percentile(own, 50):.3f} / "
                  f"×{np.percentile(ours, 95) / np.percentile(own, 95):.3f})")
        print(f"  {size:>7} points: upsert {size / load:,.0f} points/s; RSS growth {rss_growth / 2**20:,.0f} MiB "
              f"({rss_growth / size * 100_000 / 2**20:,.0f} MiB per 100k incl. payloads)")
        store.close()
        del store, passages, vectors
        gc.collect()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=1200)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--model", default=DEV_MODEL)
    parser.add_argument("--no-throughput", action="store_true", help="only the store latency and memory part")
    args = parser.parse_args()
    passages = build_passages(build_corpus())[: args.passages]
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_throughput:
            throughput(Embedder(args.model), passages, tmp)
        print(f"raw float32 vectors: {100_000 * DIM * 4 / 2**20:.0f} MiB per 100k chunks at {DIM} d")
        print("local store search latency (brute force, synthetic unit vectors):")
        search_latency([int(s) for s in args.sizes.split(",")], tmp)


if __name__ == "__main__":
    main()
