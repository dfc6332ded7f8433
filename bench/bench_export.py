"""Benchmark the search export (/api/search/export/): a 10k-record CSV streamed through the real view and the
embedded engine, its time and memory, against the same rows built in memory first (the non-streamed baseline).

Records are real CBD titles and texts recombined (tests/search/cbd_corpus.py), each with its own identifier, in a
fresh embedded index. Each measurement runs in a child process that only opens the index, so peak RSS is the
export's own; `tracemalloc` gives the Python memory the export itself allocated at its peak.

    .venv/bin/python bench/bench_export.py [--records 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "search")]


def build_index(folder: Path, records: int) -> float:
    from cbd_corpus import build_corpus, make_doc

    from search.engines.embedded import EmbeddedEngine

    rng = random.Random(18)
    real = build_corpus()
    engine = EmbeddedEngine(folder)
    engine.configure()
    started = time.perf_counter()
    batch = []
    for i in range(records):
        base, other = rng.choice(real), rng.choice(real)
        year = rng.randint(2010, 2026)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        identifier = f"{2000 + i // 999}-{i % 999 + 1:03d}"  # unique: one row per record in the export
        batch.append(make_doc(i + 1, identifier, base["type"], f"{base['title']} {other['title'][:40]}",
                              f"{base['text']} {other['title']}", date=date, subjects=base["subjects"],
                              gbf_targets=base["gbf_targets"]))
        if len(batch) == 5000:
            engine.upsert(batch)
            batch = []
    if batch:
        engine.upsert(batch)
    return time.perf_counter() - started


def child(folder: str, records: int, streamed: bool) -> None:
    """One export in a fresh process: time, rows, bytes, peak RSS, peak Python allocation of the export."""
    import resource
    import tracemalloc

    os.environ["SEARCH_INDEX_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.SEARCH_EXPORT_LIMIT = max(records, settings.SEARCH_EXPORT_LIMIT)
    client = Client()
    client.get("/api/search/export/", {"format": "csv", "limit": 1, "sort": "date_desc"})  # warm the engine
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/api/search/export/", {"format": "csv", "limit": records, "sort": "date_desc"})
    size = rows = 0
    if streamed:
        for chunk in response.streaming_content:  # what a WSGI server does: send each chunk, keep none
            size += len(chunk)
            rows += chunk.count(b"\n")
    else:
        body = b"".join(response.streaming_content)  # the baseline: the whole file in memory, then sent
        size, rows = len(body), body.count(b"\n")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"seconds": seconds, "rows": rows - 1, "bytes": size, "status": response.status_code,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024,
                      "python_peak_mb": peak / 2**20}))


def measure(folder: Path, records: int, streamed: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    mode = "stream" if streamed else "memory"
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(records), mode], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        folder = Path(tmp) / "index"
        print(f"indexing {args.records} records: {build_index(folder, args.records):.1f} s")
        small = measure(folder, args.records // 10, streamed=True)
        full = measure(folder, args.records, streamed=True)
        baseline = measure(folder, args.records, streamed=False)
    runs = ((f"streamed, {args.records // 10} records", small), (f"streamed, {args.records} records", full),
            (f"in memory, {args.records} records (baseline)", baseline))
    for name, result in runs:
        print(f"  {name:<40} {result['seconds']:6.2f} s  {result['rows']:6d} rows  {result['bytes'] / 1e6:5.2f} MB"
              f"  peak RSS {result['peak_rss_mb']:6.1f} MB (+{result['rss_growth_mb']:5.1f} during the export)"
              f"  Python peak {result['python_peak_mb']:6.2f} MB")
    print(f"  rows/s streamed: {full['rows'] / full['seconds']:.0f}; Python peak streamed / in memory: "
          f"x{full['python_peak_mb'] / baseline['python_peak_mb']:.2f}; streamed {args.records} / "
          f"{args.records // 10} records: x{full['python_peak_mb'] / small['python_peak_mb']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "stream")
    else:
        main()
