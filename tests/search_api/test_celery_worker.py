"""The production task path: a real Celery worker, fed through the machine's Redis, drains the index outbox.

Everything else runs Celery eagerly; here publishing sends the drain task to Redis and a separate worker process
(`celery -A cms worker`, as docker-compose runs it) opens the same database and index folder and syncs the page.
It needs a database that another process can open, so it runs in the PostgreSQL pass of `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from search.backends import get_engine
from search.engine import SearchQuery

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s; worker log:\n{log.read_text()[-3000:]}")


@pytest.fixture
def worker(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot open the in-memory SQLite test database; runs in the PostgreSQL pass")
    broker = redis.Redis.from_url(BROKER)
    broker.ping()  # .ci/run starts Redis; an unreachable broker fails here, with the connection error
    broker.flushdb()
    log = tmp_path / "worker.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": _database_url(),
           "CELERY_BROKER_URL": BROKER, "CELERY_TASK_ALWAYS_EAGER": "0", "SEMANTIC_ENABLED": "0",
           "SEARCH_INDEX_DIR": str(settings.SEARCH_INDEX_DIR), "CBD_VAR_DIR": str(tmp_path / "worker-var")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cms", "worker", "--pool", "solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: "ready" in log.read_text(), 90, "the worker did not start", log)
        yield log
    finally:
        process.terminate()
        process.wait(timeout=30)
        broker.flushdb()


@pytest.fixture
def celery_on_redis():
    """This process sends tasks to Redis instead of running them in-process (as the web process does)."""
    from cms.celery import app

    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    _reset_connections(app)
    yield app
    app.conf.update(previous)
    _reset_connections(app)


def _reset_connections(app) -> None:
    """Connection and producer pools are built from the broker URL on first use; drop them after it changes."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


def test_publishing_reaches_the_index_through_redis_and_a_worker(site, make_notification, worker, celery_on_redis):
    from search.models import IndexOutbox

    make_notification("2026-321", title="Call for nominations of experts on pollinator indicators")
    # Nothing ran in this process: the drain task is on its way to the worker through Redis.
    identifiers = lambda: [h.identifier for h in get_engine().search(SearchQuery(q="pollinator")).hits]  # noqa: E731
    assert _wait(lambda: "2026-321" in identifiers(), 60, "the published notification was not indexed", worker)
    assert not IndexOutbox.objects.filter(done_at__isnull=True).exists()
    assert "search.drain_index_outbox" in worker.read_text()
