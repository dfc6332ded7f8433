"""Embedded engine throughput and latency on synthetic records built from the real CBD data.

    .venv/bin/python bench/bench_search_engine.py [--sizes 10000 100000] [--queries 1000] [--paragraphs N]
        [--base-tree DIR]

Prints index throughput (records/s) and search latency p50/p95 (ms) over varied queries (words, typos,
prefixes, symbols, references, filters, date sorts, queries in the five other languages), for plain engine
search, for the query pipeline the API uses, and ("understood") for what the API does around it: the query's
language recognised, glossary expansion, the pipeline, and the relaxation counts; "counts" is the API's total and
facet counts (search.results.grouping.counts) computed afresh (count cache emptied). ``--paragraphs N`` gives
each record 0..N paragraph documents (as decisions and Aichi targets have), so counts meet records matched more
than once. Ratios compare each size
with the smallest one of the same run. ``--base-tree`` runs this same script against another checkout's code
(e.g. the commit before a change) in a subprocess, right after, so both tables come from one run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parents[1] / "tests" / "search")]

from cbd_corpus import build_corpus, make_doc  # noqa: E402

from search.engine import SearchQuery  # noqa: E402
from search.engines.embedded import EmbeddedEngine  # noqa: E402
from search.results import grouping  # noqa: E402
from search.retrieval import pipeline  # noqa: E402

try:  # issue 13's query understanding; absent from older trees run with --base-tree
    from search.retrieval.relaxation import relaxation
    from search.understanding.language import recognise
except ImportError:
    recognise = relaxation = None
from search.understanding import crosslingual  # noqa: E402

FOREIGN = ["espèces exotiques envahissantes", "conocimientos tradicionales", "инвазивные чужеродные виды",
           "تغير المناخ", "外来入侵物种", "financement de la biodiversité", "áreas protegidas"]

BATCH = 5000


def synthetic(n: int, rng: random.Random, paragraphs: int = 0) -> list[dict]:
    """n records: real titles and texts recombined, with fresh symbols and dates (and 0..`paragraphs` paragraph
    documents each, drawn from their own random stream so the records and queries stay those of other runs)."""
    real = build_corpus()
    docs = []
    extra = random.Random(n)
    for i in range(n):
        base, other = rng.choice(real), rng.choice(real)
        year = rng.randint(2010, 2026)
        title = f"{base['title']} {rng.choice(other['title'].split() or ['biodiversity'])}"
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        # One identifier per record, as in the CBD (where it names the record in every language); numbered past
        # 999 rather than wrapping, so two records never share one and count as one.
        doc = make_doc(i + 1, f"{year}-{i + 1:03d}", base["type"], title, f"{base['text']} {other['title']}",
                       date=date, subjects=base["subjects"], gbf_targets=base["gbf_targets"])
        docs.append(doc)
        docs += [make_doc(i + 1, doc["identifier"], doc["type"], f"{title} paragraph {k}",
                          extra.choice(real)["text"], date=date, subjects=base["subjects"],
                          gbf_targets=base["gbf_targets"], unit="paragraph", anchor=f"para-{k}",
                          paragraph_code=f"{doc['identifier']}/{k}")
                 for k in range(1, extra.randint(0, paragraphs) + 1)] if paragraphs else []
    return docs


def queries(docs: list[dict], count: int, rng: random.Random) -> list[SearchQuery]:
    out = []
    for _ in range(count):
        doc = rng.choice(docs)
        words = [w for w in doc["title"].split() if len(w) > 3] or ["biodiversity"]
        kind = rng.randrange(8)
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
        elif kind == 6:
            q = rng.choice(FOREIGN)
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


def run(size: int, n_queries: int, seed: int, paragraphs: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    docs = synthetic(size, rng, paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        engine = EmbeddedEngine(tmp)
        engine.configure()
        start = time.perf_counter()
        for i in range(0, len(docs), BATCH):
            engine.upsert(docs[i:i + BATCH])
        index_s = time.perf_counter() - start
        qs = queries([d for d in docs if d["unit"] == "record"], n_queries, rng)
        measure(engine.search, qs[:50])  # warm caches and the OS page cache
        plain = measure(engine.search, qs)
        piped = measure(lambda q: pipeline.search(engine, q), qs)
        understood = measure(lambda q: understood_search(engine, q), qs)
        counted = measure(lambda q: afresh_counts(engine, q), qs)
        start = time.perf_counter()
        engine.upsert(docs[:1])  # one publish: the latency an editor waits for
        single_ms = (time.perf_counter() - start) * 1000
    return {"records": size, "index_rps": size / index_s, "index_s": index_s, "single_upsert_ms": single_ms,
            "plain_p50": statistics.median(plain), "plain_p95": percentile(plain, 95),
            "pipe_p50": statistics.median(piped), "pipe_p95": percentile(piped, 95),
            "api_p50": statistics.median(understood), "api_p95": percentile(understood, 95),
            "counts_p50": statistics.median(counted), "counts_p95": percentile(counted, 95), "docs": len(docs)}


def afresh_counts(engine: EmbeddedEngine, query: SearchQuery) -> None:
    """The search API's total and facet counts for an English reader, not served from the count cache."""
    engine.forget_cached_counts()
    grouping.counts(engine, query.q, "en", grouping.language_view("en", dict(query.filters)), with_facets=True)


def understood_search(engine: EmbeddedEngine, query: SearchQuery) -> None:
    """The API's query understanding around the pipeline (search.api.views.run_search without Django)."""
    if recognise is None:  # the tree before issue 13: glossary by script only
        expanded = crosslingual.expand(query.q, "en")
        pipeline.search(engine, replace(query, q=expanded.text))
        return
    recognised = recognise(query.q, "en")
    expanded = crosslingual.expand(query.q, "en", sources=recognised.sources)
    understood = replace(query, q=expanded.text, lang=recognised.language or "en")
    interpreted = pipeline.search(engine, understood)
    if query.q.strip() and interpreted.result.hits and not interpreted.exact:
        relaxation(engine, " ".join(t.english for t in expanded.translations) or query.q, understood.lang,
                   dict(understood.filters))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--paragraphs", type=int, default=0, help="paragraph documents per record: 0..N")
    parser.add_argument("--base-tree", help="another checkout whose code to measure right after, same settings")
    args = parser.parse_args()
    rows = [run(size, args.queries, args.seed, args.paragraphs) for size in args.sizes]
    base = rows[0]
    print(f"code: {ROOT}")
    print(f"{'records':>8} {'index rec/s':>12} {'index s':>8} {'1 upsert ms':>12} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'pipe p50':>9} {'pipe p95':>9} {'api p50':>8} {'api p95':>8} {'p95 x base':>10} {'docs':>7} "
          f"{'counts p50':>10} {'counts p95':>10}")
    for r in rows:
        print(f"{r['records']:>8} {r['index_rps']:>12.0f} {r['index_s']:>8.1f} {r['single_upsert_ms']:>12.1f} "
              f"{r['plain_p50']:>7.1f} {r['plain_p95']:>7.1f} {r['pipe_p50']:>9.1f} {r['pipe_p95']:>9.1f} "
              f"{r['api_p50']:>8.1f} {r['api_p95']:>8.1f} {r['api_p95'] / base['api_p95']:>10.2f} {r['docs']:>7} "
              f"{r['counts_p50']:>10.2f} {r['counts_p95']:>10.2f}")
    if args.base_tree:
        sys.stdout.flush()
        command = [sys.executable, __file__, "--sizes", *map(str, args.sizes), "--queries", str(args.queries),
                   "--seed", str(args.seed), "--paragraphs", str(args.paragraphs)]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(Path(args.base_tree).resolve()),
                                                 "BENCH_CODE_ROOT": str(Path(args.base_tree).resolve())})


if __name__ == "__main__":
    main()
