"""Public requests with 0 and with 2,000 view restrictions in the database, in the same process (issue 15, item 14).

A fresh database (SQLite in a temporary folder, or PostgreSQL with --postgres) gets the site skeleton, --public
published notifications with legacy URLs, and --restricted further notifications. Phase A: those further pages
are drafts and nothing is restricted. Phase B: they are live, each behind a view restriction of its own (password,
login or groups in turn). The public sees the same records in both phases, so any difference is the cost of the
restrictions. Timed through Django's test client (middleware, views, JSON), --requests per endpoint and phase:

  record       GET /api/records/<identifier>/
  resolve      GET /api/resolve/?ref=<legacy path>
  search       GET /api/search/?q=<title words> (answered by the index; response cache off)
  v2 listing   GET /api/v2/notifications/?fields=identifier,date
  v2 pages     GET /api/v2/pages/?type=records.NotificationPage&search=<word>
  v2 detail    GET /api/v2/pages/<id>/

Also printed: Wagtail's own `Page.objects.live().public().count()` (one NOT descendant_of per restriction), the
approach the hub used before cms.core.visibility, at the same two phases.

Only the main thread touches the database, and it closes every connection before the temporary folder goes: the
search query log (search.query_log) otherwise writes from a timer thread a few seconds after a search, through a
second SQLite connection, at a moment the benchmark does not choose (inside another endpoint's timing, or while
the folder is being removed: "sqlite3.OperationalError: disk I/O error"). Searches are still counted as a request
counts them (in memory); the counts are written by the main thread between endpoints, outside the timing.

    .venv/bin/python bench/bench_restrictions.py [--postgres postgres://postgres@127.0.0.1:5432/cbd_public_bench]
        [--public 200] [--restricted 2000] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to (re)create, e.g. .../cbd_public_bench")
    parser.add_argument("--public", type=int, default=200)
    parser.add_argument("--restricted", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=40)
    return parser.parse_args()


def prepare_environment(args: argparse.Namespace, tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["CBD_TEST_VAR_DIR"] = str(tmp)
    if args.postgres:
        recreate_postgres(args.postgres)
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ.pop("DATABASE_URL", None)


def recreate_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    if not name.startswith("cbd_"):
        raise SystemExit("refusing to recreate a database whose name does not start with cbd_")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_site(public: int, restricted: int) -> tuple[list, list]:
    """Published notifications (with legacy redirects) and draft ones (to restrict in phase B)."""
    from django.core.management import call_command
    from wagtail.contrib.redirects.models import Redirect

    from cms.core.site import bootstrap_site
    from cms.records.models import NotificationPage

    call_command("migrate", verbosity=0)
    sections = bootstrap_site()
    words = ["marine", "forest", "pollinator", "wetland", "peatland", "coral", "soil", "mountain"]
    published, drafts = [], []
    for n in range(public + restricted):
        identifier = f"{2000 + n // 900}-{n % 900 + 1:03d}"
        live = n < public
        page = NotificationPage(title=f"{words[n % len(words)].title()} biodiversity notification {n}",
                                slug=identifier, identifier=identifier, live=live, has_unpublished_changes=not live)
        sections["notifications"].add_child(instance=page)
        (published if live else drafts).append(page)
        if live:
            Redirect.objects.create(old_path=f"/notifications/{identifier}", redirect_page=page)
    call_command("reindex", verbosity=0)
    call_command("update_index", verbosity=0)  # Wagtail's own search index, which ?search= of API v2 reads
    return published, drafts


def restrict_all(pages: list) -> None:
    from django.contrib.auth.models import Group
    from wagtail.models import Page, PageViewRestriction

    from indexing.outbox import bulk_work

    group, _ = Group.objects.get_or_create(name="Bench members")
    Page.objects.filter(pk__in=[p.pk for p in pages]).update(live=True)
    kinds = ["password", "login", "groups"]
    with bulk_work():  # the index learns of the 2,000 changes in one drain, not 2,000
        for n, page in enumerate(pages):
            restriction = PageViewRestriction.objects.create(page=page, restriction_type=kinds[n % 3], password="x")
            if restriction.restriction_type == "groups":
                restriction.groups.add(group)


def endpoints(published: list) -> dict[str, Callable[[int], str]]:
    pick = lambda n: published[(n * 37) % len(published)]  # noqa: E731 - spread over the records, same in both phases
    return {
        "record": lambda n: f"/api/records/{pick(n).identifier}/",
        "resolve": lambda n: f"/api/resolve/?ref=/notifications/{pick(n).identifier}",
        "search": lambda n: f"/api/search/?q={pick(n).title.split()[0]}+notification+{n}",
        "v2 listing": lambda n: f"/api/v2/notifications/?fields=identifier,date&offset={n % 5 * 20}",
        "v2 pages": lambda n: f"/api/v2/pages/?type=records.NotificationPage&search={pick(n).title.split()[0]}",
        "v2 detail": lambda n: f"/api/v2/pages/{pick(n).pk}/",
    }


def time_requests(urls: dict[str, Callable[[int], str]], requests: int) -> dict[str, list[float]]:
    from django.test import Client

    from search.query_log import query_log

    client = Client()
    times: dict[str, list[float]] = {}
    for name, url in urls.items():
        client.get(url(0))  # warm caches (site, locales) outside the timing
        times[name] = []
        for n in range(requests):
            started = time.perf_counter()
            response = client.get(url(n))
            times[name].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url(n)} -> {response.status_code}: {response.content[:200]!r}")
        query_log.flush()  # this endpoint's searches, written here rather than by the log's timer thread
    return times


def wagtail_public_count_ms() -> str:
    """Wagtail's own public() (the hub's approach before cms.core.visibility); on SQLite it fails outright at
    about 1,000 restrictions ("Expression tree is too large")."""
    from django.db import DatabaseError, transaction
    from wagtail.models import Page

    started = time.perf_counter()
    try:
        with transaction.atomic():
            Page.objects.live().public().count()
    except DatabaseError as exc:
        return f"fails ({str(exc)[:60]})"
    return f"{(time.perf_counter() - started) * 1000:.1f} ms"


def analyse(connection) -> None:
    """PostgreSQL plans from table statistics that autovacuum refreshes about a minute after a bulk change (and
    `migrate_legacy` refreshes at its end): the phases are timed in that steady state; the stale case is printed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def release_database() -> None:
    """Before the temporary folder is removed: no query-log write pending, no connection open in any thread."""
    import sys

    from django.db import connections

    if "search.query_log" in sys.modules:
        sys.modules["search.query_log"].query_log.discard()
    connections.close_all()


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-restrictions-") as tmp:
        prepare_environment(args, Path(tmp))
        import django

        django.setup()
        try:
            run(args)
        finally:
            release_database()


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.db import connection

    settings.INDEX_SINKS = ["search.sink.LexicalSink"]  # vectors play no part in visibility
    settings.SEARCH_RESPONSE_CACHE = False
    settings.ALLOWED_HOSTS = ["*"]
    # The log's timer never fires during the run (time_requests writes the counts itself, between endpoints).
    settings.SEARCH_LOG_FLUSH_SECONDS = 24 * 3600
    started = time.perf_counter()
    published, drafts = build_site(args.public, args.restricted)
    print(f"{connection.vendor}: {len(published)} public notifications, {len(drafts)} more to restrict "
          f"(built in {time.perf_counter() - started:.0f} s); {args.requests} requests per endpoint and phase")
    urls = endpoints(published)
    analyse(connection)
    before = time_requests(urls, args.requests)
    wagtail_before = wagtail_public_count_ms()
    restrict_all(drafts)
    if connection.vendor == "postgresql":
        stale = time_requests(urls, 3)
        print("before ANALYZE (planner statistics of the site without the 2,000 pages), p50 of 3: "
              + ", ".join(f"{name} {statistics.median(v):.0f} ms" for name, v in stale.items()))
    analyse(connection)
    after = time_requests(urls, args.requests)
    wagtail_after = wagtail_public_count_ms()
    print(f"{'endpoint':<12} {'0 restr. p50':>13} {'p95':>8} {len(drafts):>6} restr. p50 {'p95':>8} "
          f"{'ratio p50':>9} {'ratio p95':>9}")
    ratios = []
    for name in urls:
        a50, b50 = statistics.median(before[name]), statistics.median(after[name])
        ratios.append(b50 / a50)
        a95, b95 = p95(before[name]), p95(after[name])
        print(f"{name:<12} {a50:>10.1f} ms {a95:>5.1f} ms {b50:>13.1f} ms {b95:>5.1f} ms "
              f"{b50 / a50:>8.2f}x {b95 / a95:>8.2f}x")
    print(f"worst p50 ratio {max(ratios):.2f}x (goal <= 2x)")
    print(f"Wagtail's live().public().count(): {wagtail_before} with 0 restrictions, {wagtail_after} with "
          f"{len(drafts)}")


if __name__ == "__main__":
    main()
