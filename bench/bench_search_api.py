"""Latency and throughput of GET /api/search/ against Wagtail's database search backend, on the same records.

1. Real scale: the records of CBD_VAR_DIR (the demo data loaded by `manage.py load_demo`).
2. 10k and 100k records: a copy of that database grown with a synthetic legacy export (bench/
   generate_legacy_export.py, built from the real records) through the real migration (`migrate_legacy`, which
   also fills Wagtail's database search index), then `reindex` into a fresh embedded index (index throughput
   printed). Each size runs in a child process of its own (its own database and index folder).
3. At every size, 1,000 varied queries through /api/search/ (Django test client: middleware, parsing,
   pipeline, grouping, facets, JSON) with every answer computed afresh (response and count caches emptied
   before each request), and repeated requests served by the response cache. The baselines of the same
   process: Wagtail's database backend as a Wagtail site uses it (ORM: search, count, first page) and through
   Wagtail's API v2 (`/api/v2/pages/?search=`), on all the queries at real scale and on the first 200 (once)
   at 10k/100k, where single stop-word queries take SQLite's full-text index minutes: a statement is stopped
   at 1 s and counted as 1 s, so the baselines' percentiles there are lower bounds.
4. HTTP throughput: gunicorn on 127.0.0.1 serving the largest size, 16 concurrent keep-alive clients, a
   bounded number of requests, with the response cache off and on.

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_search_api.py [--sizes 10000 100000] [--runs 3]

The engine is timed --runs times per size and the median p50/p95 reported, with the load average: other work on
a shared machine moves single runs a lot.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django  # noqa: E402

django.setup()

from django.db import DatabaseError  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test import Client  # noqa: E402

from search.engines import get_engine  # noqa: E402

DEV = Path("/work/shared/data/relevance/dev.jsonl")
WORDS_PER_FRAGMENT = (1, 4)


def base_documents() -> list[dict]:
    from indexing.states import batches, live_record_ids

    return [doc for batch in batches(live_record_ids(), 200) for state in batch for doc in state.documents]


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
    """Per-request latency. Every request is answered afresh (the response cache and the engine's cached counts
    are emptied before each) unless `reuse`: then repeated requests are what is measured, served from the cache."""
    from search.results.response_cache import responses

    client = Client()
    for params in qs if reuse else qs[:50]:  # warm caches (analyzers, readers; every response when reused)
        client.get("/api/search/", params)
    engine = get_engine()
    samples = []
    for params in qs:
        if not reuse:
            responses.clear()
            if hasattr(engine, "forget_cached_counts"):
                engine.forget_cached_counts()
        started = time.perf_counter()
        response = client.get("/api/search/", params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (params, response.content[:200])
    return samples


def wagtail_api_path(params: dict) -> str:
    """The same request to Wagtail's API v2, which searches with the database backend."""
    endpoint = {"notification": "notifications", "gbf-indicator": "terms"}.get(params.get("type", ""), "pages")
    query = {"locale": params.get("lang", "en"), "limit": "10",
             "offset": str((int(params.get("page", "1")) - 1) * 10)}
    if params.get("type") == "gbf-indicator":
        query["scheme"] = "gbf-indicator"
    if params["q"]:
        query["search"] = params["q"]
    return f"/api/v2/{endpoint}/?{urllib.parse.urlencode(query)}"


def time_wagtail_api(qs: list[dict]) -> Baseline:
    client = Client(raise_request_exception=False)
    paths = [wagtail_api_path(p) for p in qs]
    samples = Baseline()
    for path in paths:
        samples.add(capped(lambda path=path: client.get(path).status_code == 200))
    samples.note("Wagtail API v2", len(qs))
    return samples


BASELINE_CAP_S = 1.0  # the baselines' slowest full-text statements take minutes at 100k records
_deadline = float("inf")


def _install_deadline(sender, connection, **kwargs) -> None:
    """SQLite aborts a statement when this handler returns non-zero: past the deadline ("interrupted")."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(lambda: int(time.perf_counter() > _deadline), 20_000)


def capped(run: Callable[[], bool]) -> float | None:
    """Milliseconds `run` took, or the cap if the database stopped it there (a censored sample: the baseline
    took at least that long); None when it failed for another reason (e.g. SQLite FTS syntax on a quote)."""
    global _deadline
    started = time.perf_counter()
    _deadline = started + BASELINE_CAP_S
    try:
        ok = run()
    except DatabaseError:
        ok = False
    finally:
        _deadline = float("inf")
    elapsed = (time.perf_counter() - started) * 1000
    if elapsed >= BASELINE_CAP_S * 1000:
        return BASELINE_CAP_S * 1000
    return elapsed if ok else None


class Baseline(list):
    """Samples of a baseline run, with how many hit the cap and how many failed."""

    stopped = 0
    failed = 0

    def add(self, sample: float | None) -> None:
        if sample is None:
            self.failed += 1
        else:
            self.stopped += sample >= BASELINE_CAP_S * 1000
            self.append(sample)

    def note(self, name: str, asked: int) -> None:
        if self.stopped:
            print(f"  ({name}: {self.stopped} of {asked} queries stopped at the {BASELINE_CAP_S:.0f} s cap and "
                  "counted as that: its percentiles are lower bounds)")
        if self.failed:
            print(f"  ({name}: {self.failed} of {asked} queries failed in the database and are not timed)")


def time_wagtail(qs: list[dict]) -> Baseline:
    """Baseline: what a Wagtail site does with its database backend: search, count, first page."""
    from cms.core.models import RecordPage
    from cms.core.visibility import public_page_ids

    def run(params: dict) -> bool:
        # Wagtail's search backends translate `pk IN (subquery)` but not the EXISTS of public_records()
        records = RecordPage.objects.filter(pk__in=public_page_ids())
        if params.get("type"):
            records = records.filter(record_type=params["type"])
        results = records.search(params["q"]) if params["q"] else records.order_by("-date")
        results.count()
        [(p.identifier, p.title) for p in results[:10]]
        return True

    samples = Baseline()
    for params in qs:
        samples.add(capped(lambda params=params: run(params)))
    samples.note("ORM baseline", len(qs))
    return samples


def median_percentiles(runs: list[list[float]]) -> tuple[float, float]:
    """Median over the runs of each run's p50 and p95."""
    per_run = [percentiles(samples) for samples in runs]
    return statistics.median(p[0] for p in per_run), statistics.median(p[1] for p in per_run)


def line(name: str, runs: list[list[float]], baseline: list[list[float]] | None = None) -> None:
    p50, p95 = median_percentiles(runs)
    text = f"  {name:<52} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"
    if baseline:
        b50, b95 = median_percentiles(baseline)
        text += f"   ratio p50 {p50 / b50:5.2f}  p95 {p95 / b95:5.2f} (vs baseline)"
    print(text + f"   (median of {len(runs)} runs; {load()})", flush=True)


def load() -> str:
    return "load avg " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def throughput(var: Path, qs: list[dict], clients: int, requests: int, workers: int, cache: bool) -> float:
    port = 8765
    env = {**scaled_environment(var), "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
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


def measure(qs: list[dict], runs: int, baseline_queries: int, baseline_runs: int) -> None:
    """Baselines and engine on the records of this process's database. The baselines answer the first
    `baseline_queries` of the (shuffled) queries; the engine answers all of them and is compared with the
    baselines on the same subset."""
    from django.db import connection

    connection_created.connect(_install_deadline)
    connection.close()  # the next statement opens a connection with the deadline handler
    sample = qs[:baseline_queries]
    orm, wagtail_api, api, again = [], [], [], []
    for run in range(runs):
        if run < baseline_runs:
            orm.append(time_wagtail(sample))
            wagtail_api.append(time_wagtail_api(sample))
        api.append(time_api(qs))
        again.append(time_api(qs, reuse=True))
    subset = [samples[:len(sample)] for samples in api]
    on = f"{len(sample)} queries"
    line(f"Wagtail database backend, ORM ({on})", orm)
    line(f"Wagtail API v2 ?search= ({on})", wagtail_api)
    line(f"/api/search/ ({on}) vs ORM", subset, orm)
    line(f"/api/search/ ({on}) vs API v2", subset, wagtail_api)
    line(f"/api/search/ (all {len(qs)} queries)", api)
    line(f"/api/search/ repeated request, all {len(qs)} (response cache)", again)


def grow(size: int) -> None:
    """In a child process whose CBD_VAR_DIR holds a copy of the demo database: add synthetic records through
    the migration until the database holds `size` records, then build the embedded index from them."""
    from django.conf import settings
    from generate_legacy_export import generate

    from indexing.maintenance import reindex
    from indexing.states import live_record_ids
    from migration.runner.pipeline import Options, migrate_legacy

    settings.DEBUG = False  # as production: no query log
    export = Path(settings.VAR_DIR) / "export"
    generate(export, max(0, size - len(live_record_ids())))
    started = time.perf_counter()
    report = migrate_legacy(Options(sources=[export]))
    seconds = time.perf_counter() - started
    print(f"  migrated {report.counts()['created']:,} synthetic records in {seconds:.0f} s "
          f"({report.counts()['created'] / seconds:.0f} records/s, Wagtail's database index included)", flush=True)
    indexed = reindex(batch_size=500)
    print(f"  embedded index built from {indexed.pages:,} records ({indexed.documents:,} documents) in "
          f"{indexed.seconds:.0f} s: {indexed.pages / indexed.seconds:.0f} records/s", flush=True)


def scaled_environment(var: Path) -> dict[str, str]:
    # Lexical only (no vector store in the copy); no in-process drain of the migration's outbox.
    return {**os.environ, "CBD_VAR_DIR": str(var), "SEMANTIC_ENABLED": "0", "CELERY_TASK_ALWAYS_EAGER": "0",
            "SEARCH_INDEX_DIR": str(var / "search-index")}


def run_scaled(size: int, var: Path, query_file: Path, args: argparse.Namespace) -> None:
    from django.conf import settings

    var.mkdir(parents=True)
    shutil.copyfile(Path(settings.DATABASES["default"]["NAME"]), var / "db.sqlite3")
    subprocess.run([sys.executable, __file__, "--child-size", str(size), "--queries-file", str(query_file),
                    "--runs", str(args.runs), "--baseline-queries", str(args.scaled_baseline_queries)],
                   env=scaled_environment(var), check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (one per core)")
    parser.add_argument("--runs", type=int, default=3, help="timing runs per configuration (median reported)")
    parser.add_argument("--scaled-baseline-queries", type=int, default=200,
                        help="queries the Wagtail baselines answer (once) at 10k/100k: a few take the full cap")
    parser.add_argument("--baseline-queries", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_size:
        grow(args.child_size)
        measure(json.loads(args.queries_file.read_text()), args.runs, args.baseline_queries, baseline_runs=1)
        return
    from django.conf import settings

    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        sys.exit("the scaled sizes copy the SQLite database of CBD_VAR_DIR; run with the default setup's database")
    rng = random.Random(20261125)
    base = base_documents()
    qs = queries(base, args.queries, rng)
    print(f"{len(base)} real search documents; {len(qs)} queries; cpus {os.cpu_count()}; {load()}", flush=True)
    print("\nReal data, same records in all:")
    measure(qs, args.runs, len(qs), baseline_runs=args.runs)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        query_file = Path(tmp) / "queries.json"
        query_file.write_text(json.dumps(qs))
        last = None
        for size in args.sizes:
            print(f"\n{size:,} records:", flush=True)
            last = Path(tmp) / f"var-{size}"
            run_scaled(size, last, query_file, args)
        if last is not None:
            # The requests cycle through the query set: each query is asked requests/queries times. Without the
            # response cache every one is answered afresh; with it, repeats are reused (as popular queries are).
            for cache in (False, True):
                rate = throughput(last, qs, args.clients, args.requests, args.workers, cache)
                print(f"\nHTTP throughput, gunicorn -w {args.workers}, {args.clients} clients, {args.requests} "
                      f"requests over {len(qs)} queries, {args.sizes[-1]:,} records, response cache "
                      f"{'on' if cache else 'off'}: {rate:.0f} req/s (goal 200; {load()})", flush=True)


if __name__ == "__main__":
    main()
