"""Benchmark the legacy migration on a synthetic export: records/s and peak RSS for a full run and for a
no-change re-run, against a baseline measured in the same run (Wagtail's standard add_child +
save_revision().publish() with every signal connected, on a sample).

    python bench/bench_migration.py [--records 100000] [--baseline 200]

Runs in a throw-away SQLite database under a temporary CBD_VAR_DIR (or DATABASE_URL when set)."""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("CBD_VAR_DIR", str(var_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    # The migration enqueues one reindex (outbox rows); draining it is the search/embeddings benchmarks' business,
    # so no in-process drain here: the outbox stays pending for a worker.
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # Measure as production runs (DEBUG off): with DEBUG on, Django formats every statement into its query log,
    # which for a 500-row bulk INSERT costs more than executing it.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("bootstrap_site", verbosity=0)


def baseline(sample: int, source: Path) -> float:
    """Records/s of the plain Wagtail way: add_child, save_revision().publish(), all signals on."""
    import json

    from cms.core.site import section
    from cms.records.models import NotificationPage
    from migration.mapping.index_api import map_notification

    parent = section("notifications")
    records = json.loads((source / "notifications.json").read_text())[:sample]
    started = time.perf_counter()
    for n, record in enumerate(records, start=1):
        spec = map_notification(record)
        symbol = f"{2090 + n // 999}-{n % 999:03d}"  # years the generated export does not use
        page = NotificationPage(title=spec.title, slug=f"baseline-{symbol}", identifier=symbol, **{
                                    k: v for k, v in spec.fields.items() if k != "subjects"})
        parent.add_child(instance=page)
        page.save_revision().publish()
    return sample / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cbd-bench-migration-"))
    setup_django(work / "var")
    from generate_legacy_export import generate

    from migration.runner.pipeline import Options, migrate_legacy

    source = work / "export"
    print("generated", generate(source, args.records))
    base = baseline(args.baseline, source)
    print(f"baseline (add_child + save_revision().publish(), signals on): {base:8.1f} records/s "
          f"on {args.baseline} notifications")
    for label in ("full run", "no-change re-run"):
        started = time.perf_counter()
        report = migrate_legacy(Options(sources=[source], progress=True))
        seconds = time.perf_counter() - started
        rate = args.records / seconds
        print(f"{label:18}: {rate:8.1f} records/s ({seconds:.1f}s, {report.counts()}), peak RSS "
              f"{peak_rss_mb():.0f} MB, {rate / base:.1f}x baseline")


if __name__ == "__main__":
    main()
