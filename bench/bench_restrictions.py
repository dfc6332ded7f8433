"""Public requests with 0 and with 2,000 view restrictions in the database, interleaved (issue 15, item 14).

A fresh database (SQLite in a temporary folder, or PostgreSQL with --postgres) gets the site skeleton, --public
published notifications with legacy URLs, and --restricted further notifications as drafts: state A, nothing
restricted. A copy of it (the SQLite file copied; on PostgreSQL `CREATE DATABASE <name>_b TEMPLATE <name>_a`)
becomes state B: those further pages live, each behind a view restriction of its own (password, login or groups
in turn). The public sees the same records in both states, so any difference is the cost of the restrictions.

The machine is shared: timing A then B let a change of load between the phases pass for a cost of the
restrictions (runs of the earlier, phased script swung from x1.73 to x3.03 on the same code). Here one process
holds a connection to each database and the requests alternate between them (A then B, then B then A), so a change
of load hits both states alike. Timed through Django's test client (middleware, views, JSON), --requests per
endpoint and state; p50 and p95 per endpoint and the ratio B/A:

  record       GET /api/records/<identifier>/
  resolve      GET /api/resolve/?ref=<legacy path>
  search       GET /api/search/?q=<title words> (answered by the index; response cache off)
  v2 listing   GET /api/v2/notifications/?fields=identifier,date
  v2 pages     GET /api/v2/pages/?type=records.NotificationPage&search=<word>
  v2 detail    GET /api/v2/pages/<id>/
  tracking     GET /api/decisions/15/<n>/tracking/ (every notification cites one of 20 decisions in `related`,
               restricted ones too: the citation LIKE no index serves, then the matches' restrictions)

Also printed: Wagtail's own `Page.objects.live().public().count()` (one NOT descendant_of per restriction), the
approach the hub used before cms.core.visibility, in both states.

Only the main thread touches the database, and it closes every connection before the temporary folder goes: the
search query log (search.query_log) otherwise writes from a timer thread a few seconds after a search, through a
second SQLite connection, at a moment the benchmark does not choose (inside another endpoint's timing, or while
the folder is being removed: "sqlite3.OperationalError: disk I/O error"). Searches are still counted as a request
counts them (in memory); the counts are written by the main thread between endpoints, outside the timing.
The PostgreSQL databases (<name>_a, <name>_b) are dropped at the end.

    .venv/bin/python bench/bench_restrictions.py [--postgres postgres://postgres@127.0.0.1:5432/cbd_public_bench]
        [--public 200] [--restricted 2000] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATES = ("A", "B")
CITED_DECISIONS = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="URL naming PostgreSQL databases to (re)create: <name>_a and <name>_b")
    parser.add_argument("--public", type=int, default=200)
    parser.add_argument("--restricted", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=40)
    return parser.parse_args()


def prepare_environment(args: argparse.Namespace, tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["CBD_TEST_VAR_DIR"] = str(tmp)
    if args.postgres:
        check_bench_name(args.postgres)
        drop_postgres(args.postgres)
        admin_execute(args.postgres, f'CREATE DATABASE "{state_name(args.postgres, "A")}"')
        os.environ["DATABASE_URL"] = state_url(args.postgres, "A")
    else:
        os.environ.pop("DATABASE_URL", None)


def check_bench_name(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    if not (name.startswith("cbd_") or name.endswith("_bench")):
        raise SystemExit("refusing to recreate databases whose name neither starts with cbd_ nor ends with _bench")


def state_name(url: str, state: str) -> str:
    return f"{url.rsplit('/', 1)[1]}_{state.lower()}"


def state_url(url: str, state: str) -> str:
    return f"{url.rsplit('/', 1)[0]}/{state_name(url, state)}"


def admin_execute(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def drop_postgres(url: str) -> None:
    admin_execute(url, *(f'DROP DATABASE IF EXISTS "{state_name(url, state)}"' for state in STATES))


def build_site(public: int, restricted: int) -> tuple[list, list]:
    """Published notifications (with legacy redirects) and draft ones (to restrict in state B), each citing one of
    CITED_DECISIONS decisions of COP 15 in `related`."""
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
                                slug=identifier, identifier=identifier, live=live, has_unpublished_changes=not live,
                                related=[f"CBD/COP/DEC/15/{n % CITED_DECISIONS + 1}"])
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


def copy_database(args: argparse.Namespace) -> dict:
    """State B's connection settings: a copy of state A's database (every connection to A closed first)."""
    from django.db import connections

    settings_a = dict(connections["default"].settings_dict)
    connections.close_all()
    if args.postgres:
        admin_execute(args.postgres, f'CREATE DATABASE "{state_name(args.postgres, "B")}" '
                                     f'TEMPLATE "{state_name(args.postgres, "A")}"')
        return {**settings_a, "NAME": state_name(args.postgres, "B")}
    copy = str(Path(settings_a["NAME"]).with_name("state-b.sqlite3"))
    shutil.copyfile(settings_a["NAME"], copy)
    return {**settings_a, "NAME": copy}


def open_states(settings_b: dict) -> dict:
    """One connection per state; `use(connections_by_state[s])` routes every query (ORM and raw) to state s."""
    from django.db import connections
    from django.db.utils import load_backend

    wrapper_a = connections["default"]
    wrapper_b = load_backend(settings_b["ENGINE"]).DatabaseWrapper(settings_b, "default")
    return {"A": wrapper_a, "B": wrapper_b}


def use(wrapper) -> None:
    from django.db import connections

    connections["default"] = wrapper


def endpoints(published: list) -> dict[str, Callable[[int], str]]:
    pick = lambda n: published[(n * 37) % len(published)]  # noqa: E731 - spread over the records, same in both states
    return {
        "record": lambda n: f"/api/records/{pick(n).identifier}/",
        "resolve": lambda n: f"/api/resolve/?ref=/notifications/{pick(n).identifier}",
        "search": lambda n: f"/api/search/?q={pick(n).title.split()[0]}+notification+{n}",
        "v2 listing": lambda n: f"/api/v2/notifications/?fields=identifier,date&offset={n % 5 * 20}",
        "v2 pages": lambda n: f"/api/v2/pages/?type=records.NotificationPage&search={pick(n).title.split()[0]}",
        "v2 detail": lambda n: f"/api/v2/pages/{pick(n).pk}/",
        "tracking": lambda n: f"/api/decisions/15/{n % CITED_DECISIONS + 1}/tracking/",
    }


def timed_get(client, state_connection, url: str) -> float:
    use(state_connection)
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} -> {response.status_code}: {response.content[:200]!r}")
    return elapsed


def time_requests(urls: dict[str, Callable[[int], str]], states: dict, requests: int) -> dict[str, dict[str, list]]:
    """Per endpoint and state, the request times in ms; the states alternate request by request, and which one
    goes first alternates too, so neither always follows the other's warm caches."""
    from django.test import Client

    from search.query_log import query_log

    client = Client()
    times: dict[str, dict[str, list[float]]] = {}
    for name, url in urls.items():
        for state in STATES:
            timed_get(client, states[state], url(0))  # warm caches (site, locales) outside the timing
        times[name] = {state: [] for state in STATES}
        for n in range(requests):
            for state in STATES if n % 2 == 0 else reversed(STATES):
                times[name][state].append(timed_get(client, states[state], url(n)))
        for state in STATES:  # this endpoint's searches, written here rather than by the log's timer thread
            use(states[state])
            query_log.flush()
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
    `migrate_legacy` refreshes at its end): both states are timed in that steady state."""
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
        states: dict = {}
        try:
            states = run(args)
        finally:
            release_database()
            for wrapper in states.values():
                wrapper.close()
            if args.postgres:
                drop_postgres(args.postgres)


def report(urls: dict, times: dict, restricted: int) -> None:
    print(f"{'endpoint':<12} {'A: 0 restr. p50':>16} {'p95':>8} {'B: ' + str(restricted) + ' restr. p50':>19} "
          f"{'p95':>8} {'B/A p50':>8} {'B/A p95':>8}")
    ratios = []
    for name in urls:
        a, b = times[name]["A"], times[name]["B"]
        a50, b50, a95, b95 = statistics.median(a), statistics.median(b), p95(a), p95(b)
        ratios.append(b50 / a50)
        print(f"{name:<12} {a50:>13.1f} ms {a95:>5.1f} ms {b50:>16.1f} ms {b95:>5.1f} ms "
              f"{b50 / a50:>7.2f}x {b95 / a95:>7.2f}x")
    print(f"worst p50 ratio {max(ratios):.2f}x (goal <= 2x)")


def run(args: argparse.Namespace) -> dict:
    from django.conf import settings
    from django.db import connection

    settings.INDEX_SINKS = ["search.sink.LexicalSink"]  # vectors play no part in visibility
    settings.SEARCH_RESPONSE_CACHE = False
    settings.ALLOWED_HOSTS = ["*"]
    # The log's timer never fires during the run (time_requests writes the counts itself, between endpoints).
    settings.SEARCH_LOG_FLUSH_SECONDS = 24 * 3600
    started = time.perf_counter()
    published, drafts = build_site(args.public, args.restricted)
    states = open_states(copy_database(args))
    use(states["B"])
    restrict_all(drafts)
    for state in STATES:
        use(states[state])
        analyse(connection)
    print(f"{connection.vendor}: {len(published)} public notifications, {len(drafts)} more, restricted in state B "
          f"(built in {time.perf_counter() - started:.0f} s); {args.requests} requests per endpoint and state, "
          f"interleaved; load average {os.getloadavg()[0]:.1f}")
    urls = endpoints(published)
    times = time_requests(urls, states, args.requests)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    report(urls, times, len(drafts))
    wagtail = {}
    for state in STATES:
        use(states[state])
        wagtail[state] = wagtail_public_count_ms()
    print(f"Wagtail's live().public().count(): {wagtail['A']} with 0 restrictions, {wagtail['B']} with "
          f"{len(drafts)}")
    use(states["A"])
    return states


if __name__ == "__main__":
    main()
