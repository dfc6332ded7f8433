"""The search API's total and facet counts on the real data: record counts (SearchQuery.distinct, what the API uses)
against the document counts of record documents it used before (unit "record"), in the same process, interleaved
per query so machine load hits both alike.

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_search_counts.py [--queries 1000] [--runs 3]

The queries are bench_search_api's mix (dev queries, title fragments, identifiers, typos, filters, browsing, other
languages), in the reader's language view the API builds; the count cache is emptied before every count. Prints
p50/p95 (ms, median over runs) of each method, their ratio, and how many queries' totals differ (the undercount
fixed: records matched only through their paragraphs or in a second language).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search_api import base_documents, load, queries  # noqa: E402 (sets Django up)

from search.engine import FACETS, SearchQuery, SearchResult  # noqa: E402
from search.engines import get_engine  # noqa: E402
from search.results.grouping import counts, language_view  # noqa: E402
from search.understanding import crosslingual  # noqa: E402


def record_documents(engine, q: str, lang: str, filters: dict[str, list[str]]) -> SearchResult:
    """The counts before SearchQuery.distinct: record documents only."""
    return engine.search(SearchQuery(q=q, lang=lang, filters={**filters, "unit": ["record"]}, limit=0, facets=FACETS))


def records(engine, q: str, lang: str, filters: dict[str, list[str]]) -> SearchResult:
    return counts(engine, q, lang, filters, with_facets=True)


def timed(engine, fn: Callable, args: tuple) -> tuple[float, int]:
    engine.forget_cached_counts()
    start = time.perf_counter()
    result = fn(engine, *args)
    return (time.perf_counter() - start) * 1000, result.total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = get_engine()
    qs = queries(base_documents(), args.queries, random.Random(20261125))
    cases = []
    for row in qs:
        lang = row.get("lang", "en")
        filters = language_view(lang, {"type": [row["type"]]} if row.get("type") else {})
        cases.append((crosslingual.expand(row["q"], lang).text, lang, filters))
    for case in cases[:50]:  # warm the index's pages
        records(engine, *case)
    summary = {"before": ([], []), "after": ([], [])}
    differ = 0
    for run in range(args.runs):
        times = {"before": [], "after": []}
        for case in cases:
            before_ms, before_total = timed(engine, record_documents, case)
            after_ms, after_total = timed(engine, records, case)
            times["before"].append(before_ms)
            times["after"].append(after_ms)
            differ += run == 0 and before_total != after_total
        for name, values in times.items():
            summary[name][0].append(statistics.median(values))
            summary[name][1].append(percentile(values, 95))
    p50 = {name: statistics.median(v[0]) for name, v in summary.items()}
    p95 = {name: statistics.median(v[1]) for name, v in summary.items()}
    print(f"{engine.count()} documents; {len(cases)} queries x {args.runs} runs; {load()}")
    print(f"{'counts':<32} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'record documents (before)':<32} {p50['before']:>8.2f} {p95['before']:>8.2f}")
    print(f"{'records, distinct (after)':<32} {p50['after']:>8.2f} {p95['after']:>8.2f}")
    print(f"{'ratio after/before':<32} {p50['after'] / p50['before']:>8.2f} {p95['after'] / p95['before']:>8.2f}")
    print(f"queries whose total differs: {differ} of {len(cases)}")


if __name__ == "__main__":
    main()
