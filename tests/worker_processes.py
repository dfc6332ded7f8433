"""Real Celery workers for the tests that follow a task out of this process, started as the Procfile starts them.

One place for what four suites need: the database URL another process can open, a worker on its own Redis
database listening on the Procfile's queues, this process sending its tasks to that Redis, and waiting with the
worker's log in the failure message. (A module of its own, not conftest: every conftest is imported as "conftest".)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def procfile_queues(process: str = "worker") -> str:
    """The queues a Procfile process consumes: a test worker listens where the production one does."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{process}:"):
            found = re.search(r"--queues (\S+)", line)
            if found:
                return found.group(1)
    raise LookupError(f"the Procfile has no {process!r} process with --queues")


def database_url() -> str:
    """The test database as a URL another process opens; only PostgreSQL can be shared (skips on SQLite)."""
    if connection.vendor != "postgresql":
        pytest.skip("another process cannot open the SQLite test database; runs in the PostgreSQL pass")
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition: Callable[[], Any], seconds: float, what: str, *logs: Path) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    tails = "".join(f"\n--- {log.name}\n{log.read_text()[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"{what} within {seconds:.0f} s{tails}")


def worker_environment(broker_url: str, index_dir: Path, var_dir: Path, **overrides: str) -> dict[str, str]:
    """What every process of a test deployment shares: database, broker, index folder; no eager tasks."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "SEMANTIC_ENABLED": "0",
        "SEARCH_INDEX_DIR": str(index_dir),
        "CBD_VAR_DIR": str(var_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **overrides,
    }


@contextmanager
def celery_worker(env: dict[str, str], log: Path, *, queues: str | None = None,
                  pool: Sequence[str] = ("--pool", "solo")) -> Iterator[Path]:
    """`celery -A cms worker` on the Procfile worker's queues unless told otherwise; yields its log once ready."""
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "--queues", queues or procfile_queues("worker"),
               *pool, "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "ready" in log.read_text() or process.poll() is not None, 120, "the worker did not start",
                 log)
        if process.poll() is not None:
            raise AssertionError(f"the worker exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def tasks_sent_to(broker_url: str) -> Iterator[Any]:
    """This process sends its tasks to Redis (as a web process does) instead of running them in-process."""
    from cms.celery import app

    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    _drop_connection_pools(app)
    try:
        yield app
    finally:
        app.conf.update(previous)
        _drop_connection_pools(app)


def _drop_connection_pools(app) -> None:
    """Connection and producer pools are built from the broker URL on first use; drop them after it changes.
    kombu also keeps producer pools in a process-wide registry keyed by connection: without clearing it, the next
    test on the same broker URL got the pool closed here ("Acquire on closed pool")."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
