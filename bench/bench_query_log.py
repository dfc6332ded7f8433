"""What logging public searches costs the search API (search.query_log), in one process, same data, same run.

For each relevance dev-set query, GET /api/search/ through Django's full request path (middleware, view, JSON),
alternating the query log off and on request by request so load changes hit both alike; with the response cache on
(the usual case: a repeated query is answered in under a millisecond, so any logging cost shows most) and off
(every request ranked afresh). Then the background write: how long one flush of N distinct queries takes (it runs
in the timer thread, not in any request).

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_query_log.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/data/relevance/dev.jsonl")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(client, settings, queries: list[tuple[str, str]], rounds: int) -> dict[bool, list[float]]:
    times: dict[bool, list[float]] = {False: [], True: []}
    for round_no in range(rounds):
        for i, (q, lang) in enumerate(queries):
            for logging_on in ((False, True) if (i + round_no) % 2 else (True, False)):
                settings.SEARCH_QUERY_LOG = logging_on
                started = time.perf_counter()
                response = client.get("/api/search/", {"q": q, "lang": lang})
                times[logging_on].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content[:200]
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from search.query_log import query_log

    settings.DEBUG = False
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600  # flushed below, timed on its own
    queries = [(row["query"], row.get("lang") or "en")
               for row in map(json.loads, DEV.read_text().splitlines()) if row.get("query")]
    client = Client()
    for q, lang in queries:  # warm the engine, caches and models
        client.get("/api/search/", {"q": q, "lang": lang})
    query_log.flush()
    print(f"{len(queries)} queries x {args.rounds} rounds, query log off/on alternating per request")
    for cache in (True, False):
        settings.SEARCH_RESPONSE_CACHE = cache
        times = measure(client, settings, queries, args.rounds)
        off, on = times[False], times[True]
        print(f"response cache {'on ' if cache else 'off'}: log off p50 {statistics.median(off):.2f} / p95 "
              f"{percentile(off, 95):.2f} ms; log on p50 {statistics.median(on):.2f} / p95 {percentile(on, 95):.2f} "
              f"ms; ratio on/off p50 x{statistics.median(on) / statistics.median(off):.3f}, "
              f"p95 x{percentile(on, 95) / percentile(off, 95):.3f}")
    calls = 20_000
    started = time.perf_counter()
    for i in range(calls):
        query_log.record(queries[i % len(queries)][0], found=i % 3)
    per_call = (time.perf_counter() - started) / calls * 1e6
    print(f"query_log.record() alone (what a request pays): {per_call:.1f} µs per call over {calls:,} calls")
    distinct = query_log.pending()
    started = time.perf_counter()
    written = query_log.flush()
    print(f"background flush: {written} searches of {len(queries)} distinct queries written in "
          f"{(time.perf_counter() - started) * 1000:.1f} ms (pending before: {distinct})")


if __name__ == "__main__":
    main()
