"""Embedded engine throughput and latency on synthetic records built from the real CBD data.

    .venv/bin/python bench/bench_search_engine.py [--sizes 10000 100000] [--queries 1000]

Prints index throughput (records/s) and search latency p50/p95 (ms) over varied queries (words, typos,
prefixes, symbols, references, filters, date sorts), for plain engine search and for the query pipeline
the API uses. Ratios compare each size with the smallest one of the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "search")]

from cbd_corpus import build_corpus, make_doc  # noqa: E402

from search import query as pipeline  # noqa: E402
from search.embedded import EmbeddedEngine  # noqa: E402
from search.engine import SearchQuery  # noqa: E402

BATCH = 5000


def synthetic(n: int, rng: random.Random) -> list[dict]:
    """n records: real titles and texts recombined, with fresh symbols and dates."""
    real = build_corpus()
    docs = []
    for i in range(n):
        base, other = rng.choice(real), rng.choice(real)
        year = rng.randint(2010, 2026)
        title = f"{base['title']} {rng.choice(other['title'].split() or ['biodiversity'])}"
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc = make_doc(i + 1, f"{year}-{i % 999 + 1:03d}", base["type"], title, f"{base['text']} {other['title']}",
                       date=date, subjects=base["subjects"], gbf_targets=base["gbf_targets"])
        docs.append(doc)
    return docs


def queries(docs: list[dict], count: int, rng: random.Random) -> list[SearchQuery]:
    out = []
    for _ in range(count):
        doc = rng.choice(docs)
        words = [w for w in doc["title"].split() if len(w) > 3] or ["biodiversity"]
        kind = rng.randrange(7)
        if kind == 0:  # a few title words
            q = " ".join(rng.sample(words, min(len(words), rng.randint(1, 3))))
        elif kind == 1:  # a typo
            w = rng.choice(words)
            i = rng.randrange(len(w))
            q = w[:i] + w[i + 1:] + " " + rng.choice(words)
        elif kind == 2:  # typing: prefix of the last word
            q = " ".join(words[:2])[: rng.randint(3, 12)]
        elif kind == 3:
            q = doc["identifier"]
        elif kind == 4:
            q = rng.choice(["decision 15/4", "GBF target 3", "Article 8(j)", "indicator A.1", "COP-16 outcomes",
                            "notification 2024-70", "Aichi Target 11 protected areas"])
        elif kind == 5:  # a long question
            q = "what does the convention say about " + " ".join(words[:4])
        else:
            q = ""
        filters = {"type": [doc["type"]]} if rng.random() < 0.2 else {}
        sort = "date_desc" if rng.random() < 0.1 else "relevance"
        out.append(SearchQuery(q=q, filters=filters, sort=sort, limit=10))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(fn, items) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(size: int, n_queries: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    docs = synthetic(size, rng)
    with tempfile.TemporaryDirectory() as tmp:
        engine = EmbeddedEngine(tmp)
        engine.configure()
        start = time.perf_counter()
        for i in range(0, len(docs), BATCH):
            engine.upsert(docs[i:i + BATCH])
        index_s = time.perf_counter() - start
        qs = queries(docs, n_queries, rng)
        measure(engine.search, qs[:50])  # warm caches and the OS page cache
        plain = measure(engine.search, qs)
        piped = measure(lambda q: pipeline.search(engine, q), qs)
        start = time.perf_counter()
        engine.upsert(docs[:1])  # one publish: the latency an editor waits for
        single_ms = (time.perf_counter() - start) * 1000
    return {"records": size, "index_rps": size / index_s, "index_s": index_s, "single_upsert_ms": single_ms,
            "plain_p50": statistics.median(plain), "plain_p95": percentile(plain, 95),
            "pipe_p50": statistics.median(piped), "pipe_p95": percentile(piped, 95)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = [run(size, args.queries, args.seed) for size in args.sizes]
    base = rows[0]
    print(f"{'records':>8} {'index rec/s':>12} {'index s':>8} {'1 upsert ms':>12} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'pipe p50':>9} {'pipe p95':>9} {'p95 x base':>10}")
    for r in rows:
        print(f"{r['records']:>8} {r['index_rps']:>12.0f} {r['index_s']:>8.1f} {r['single_upsert_ms']:>12.1f} "
              f"{r['plain_p50']:>7.1f} {r['plain_p95']:>7.1f} {r['pipe_p50']:>9.1f} {r['pipe_p95']:>9.1f} "
              f"{r['pipe_p95'] / base['pipe_p95']:>10.2f}")


if __name__ == "__main__":
    main()
