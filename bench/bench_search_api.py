"""Latency and throughput of GET /api/search/ on the real CBD data scaled up synthetically.

1. Real scale: the records loaded by `manage.py migrate_legacy`, through /api/search/ (embedded engine) and
   through Wagtail's database search backend on the same records (the baseline of the same run).
2. 10k and 100k documents: variants of the real search documents written straight into a fresh embedded index
   (creating 100k Wagtail pages would take hours here), then the same 1,000 queries through the full API path
   (Django test client: middleware, parsing, pipeline, grouping, facets, JSON).
3. HTTP throughput: gunicorn on 127.0.0.1 serving the 100k index, 16 concurrent keep-alive clients, a bounded
   number of requests.

    CBD_VAR_DIR=/path/with/migrated/db .venv/bin/python bench/bench_search_api.py [--sizes 10000 100000] [--runs 3]

Each configuration is timed --runs times and the median p50/p95 reported, with the load average: other work on
a shared machine moves single runs a lot.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from search.backends import reset_engine  # noqa: E402

DEV = Path("/work/shared/data/relevance/dev.jsonl")
WORDS_PER_FRAGMENT = (1, 4)


def base_documents() -> list[dict]:
    from search.maintenance import batches, live_record_ids

    return [doc for batch in batches(live_record_ids(), 200) for _, docs, _ in batch for doc in docs]


def synthetic(base: list[dict], n: int, rng: random.Random) -> list[dict]:
    """n documents: the real ones, then variants (new ids and identifiers, titles and texts recombined from
    other real records) so term statistics and facet cardinalities grow like a bigger corpus."""
    out = []
    for i in range(n):
        doc = dict(base[i % len(base)])
        if i >= len(base):
            other = base[rng.randrange(len(base))]
            copy = i // len(base)
            doc.update(id=f"s{i}", page_id=10_000_000 + i, identifier=f"{doc['identifier']}-v{copy}",
                       title=f"{doc['title']} {other['title'][:60]}", text=f"{other['text'][:400]} {doc['text']}",
                       year=(doc.get("year") or 2020) - copy % 30, symbols=[], checksum=f"c{i}")
            doc["date"] = f"{doc['year']}-01-01"
        out.append(doc)
    return out


def queries(base: list[dict], n: int, rng: random.Random) -> list[dict]:
    """A varied mix: the dev queries, title fragments, identifiers, typos, filters, browsing, other languages."""
    import json

    dev = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    titles = [d["title"].split() for d in base if d["unit"] == "record" and len(d["title"].split()) > 2]
    out: list[dict] = []
    while len(out) < n:
        kind = rng.random()
        if kind < 0.15:
            row = rng.choice(dev)
            out.append({"q": row["query"], "lang": row["lang"]})
        elif kind < 0.55:
            words = rng.choice(titles)
            k = rng.randint(*WORDS_PER_FRAGMENT)
            start = rng.randrange(max(1, len(words) - k))
            out.append({"q": " ".join(words[start:start + k])})
        elif kind < 0.65:
            out.append({"q": rng.choice(base)["identifier"]})
        elif kind < 0.75:
            word = list(rng.choice(rng.choice(titles)))
            if len(word) > 4:
                j = rng.randrange(len(word) - 1)
                word[j], word[j + 1] = word[j + 1], word[j]
            out.append({"q": "".join(word)})
        elif kind < 0.85:
            out.append({"q": " ".join(rng.choice(titles)[:2]), "type": rng.choice(["notification", "gbf-indicator"])})
        elif kind < 0.92:
            out.append({"q": "", "sort": "date_desc", "page": str(rng.randint(1, 5))})
        else:
            out.append({"q": " ".join(rng.choice(titles)[:3]), "lang": rng.choice(["fr", "es"])})
    return out


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def time_api(qs: list[dict], reuse: bool = False) -> list[float]:
    """Per-request latency. Every request is answered afresh (the response cache is emptied before each) unless
    `reuse`: then repeated requests are what is measured, served from the cache."""
    from search.response_cache import responses

    client = Client()
    for params in qs[:50]:  # warm caches (analyzers, readers) before measuring
        client.get("/api/search/", params)
    samples = []
    for params in qs:
        if not reuse:
            responses.clear()
        started = time.perf_counter()
        response = client.get("/api/search/", params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (params, response.content[:200])
    return samples


def time_wagtail(qs: list[dict]) -> list[float]:
    """Baseline: what a Wagtail site does with its database backend: search, count, first page."""
    from django.db import DatabaseError

    from cms.api.serializers import public_records

    samples, failed = [], 0
    for params in qs:
        started = time.perf_counter()
        records = public_records()
        if params.get("type"):
            records = records.filter(record_type=params["type"])
        try:
            results = records.search(params["q"]) if params["q"] else records.order_by("-date")
            results.count()
            [(p.identifier, p.title) for p in results[:10]]
        except DatabaseError:  # e.g. SQLite FTS "unterminated string" on a query with a quote
            failed += 1
            continue
        samples.append((time.perf_counter() - started) * 1000)
    if failed:
        print(f"  (baseline: {failed} of {len(qs)} queries raised a database error and are not timed)")
    return samples


def build_index(path: Path, docs: list[dict]) -> float:
    from search.embedded import EmbeddedEngine

    started = time.perf_counter()
    engine = EmbeddedEngine(path, writer_heap=256_000_000)
    engine.configure()
    for start in range(0, len(docs), 5000):
        engine.upsert(docs[start:start + 5000])
    return time.perf_counter() - started


def repeated(timer, qs: list[dict], runs: int) -> list[list[float]]:
    """The same queries `runs` times: other work on a shared machine makes a single run noisy."""
    return [timer(qs) for _ in range(runs)]


def median_percentiles(runs: list[list[float]]) -> tuple[float, float]:
    """Median over the runs of each run's p50 and p95."""
    per_run = [percentiles(samples) for samples in runs]
    return statistics.median(p[0] for p in per_run), statistics.median(p[1] for p in per_run)


def line(name: str, runs: list[list[float]], baseline: list[list[float]] | None = None) -> None:
    p50, p95 = median_percentiles(runs)
    text = f"  {name:<46} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"
    if baseline:
        b50, b95 = median_percentiles(baseline)
        text += f"   ratio p50 {p50 / b50:5.2f}  p95 {p95 / b95:5.2f} (vs baseline)"
    print(text + f"   (median of {len(runs)} runs; {load()})", flush=True)


def load() -> str:
    return "load avg " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def throughput(index_dir: Path, qs: list[dict], clients: int, requests: int, workers: int, cache: bool) -> float:
    port = 8765
    env = {**os.environ, "SEARCH_INDEX_DIR": str(index_dir), "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
           "SEARCH_RESPONSE_CACHE": "1" if cache else "0"}
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w",
                               str(workers), "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        _wait_for(port)
        paths = [f"/api/search/?{urllib.parse.urlencode(p)}" for p in qs]
        counter = iter(range(requests))
        lock = threading.Lock()
        errors = []

        def worker() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)

        for path in paths[:40]:
            _get(port, path)
        threads = [threading.Thread(target=worker) for _ in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        if errors:
            print(f"  {len(errors)} non-200 responses", flush=True)
        return requests / elapsed
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    conn.getresponse().read()


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(port, "/api/search/?q=biodiversity")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (one per core)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs per configuration (median reported)")
    args = parser.parse_args()
    rng = random.Random(20261125)
    base = base_documents()
    qs = queries(base, args.queries, rng)
    print(f"{len(base)} real search documents; {len(qs)} queries; cpus {os.cpu_count()}; {load()}", flush=True)

    print(f"\nReal data ({len(base)} documents), same records in both:")
    # Baseline and engine on the same records in the same process, interleaved run by run.
    wagtail, api = [], []
    for _ in range(args.runs):
        wagtail.append(time_wagtail(qs))
        api.append(time_api(qs))
    line("Wagtail database backend (baseline)", wagtail)
    line("/api/search/ embedded engine", api, wagtail)

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        last_dir = None
        for size in args.sizes:
            index_dir = Path(tmp) / f"index-{size}"
            seconds = build_index(index_dir, synthetic(base, size, rng))
            print(f"\n{size:,} documents (indexed directly in {seconds:.1f} s):", flush=True)
            reset_engine()
            with override_settings(SEARCH_INDEX_DIR=index_dir):
                line("/api/search/ embedded engine", repeated(time_api, qs, args.runs))
                line("/api/search/ repeated request (response cache)",
                     repeated(lambda q: time_api(q, reuse=True), qs, args.runs))
            reset_engine()
            last_dir = index_dir
        if last_dir is not None:
            # The requests cycle through the query set: each query is asked requests/queries times. Without the
            # response cache every one is answered afresh; with it, repeats are reused (as popular queries are).
            for cache in (False, True):
                rate = throughput(last_dir, qs, args.clients, args.requests, args.workers, cache)
                print(f"\nHTTP throughput, gunicorn -w {args.workers}, {args.clients} clients, {args.requests} "
                      f"requests over {len(qs)} queries, {args.sizes[-1]:,} documents, response cache "
                      f"{'on' if cache else 'off'}: {rate:.0f} req/s (goal 200; {load()})", flush=True)


if __name__ == "__main__":
    main()
