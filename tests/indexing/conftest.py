"""A real Celery worker on the machine's Redis (db 6 unless CONVERGE_BROKER_URL says otherwise), on the queues and
prefork pool of the Procfile's worker, with no beat: what the convergence tests rely on is the worker alone.

The worker uses tests/indexing/worker_settings (the development settings, with the real lexical sink made
unwritable while a flag file exists), opens the test database (PostgreSQL: a second process cannot open the
SQLite test database, so these tests run in the PostgreSQL pass) and the test's own index folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from worker_processes import ROOT, celery_worker, worker_environment

HELPERS = Path(__file__).resolve().parent / "worker_settings"


@pytest.fixture
def broker_url() -> str:
    return os.environ.get("CONVERGE_BROKER_URL", "redis://127.0.0.1:6379/6")


@pytest.fixture
def outage_flag(tmp_path) -> Path:
    """While this file exists the worker's index refuses writes."""
    return tmp_path / "index-read-only"


@pytest.fixture
def worker(settings, tmp_path, outage_flag, redis_broker, broker_url):
    env = worker_environment(broker_url, settings.SEARCH_INDEX_DIR, tmp_path / "worker-var",
                             DJANGO_SETTINGS_MODULE="outage_settings", INDEX_OUTAGE_FLAG=str(outage_flag),
                             PYTHONPATH=os.pathsep.join([str(ROOT), str(HELPERS)]))
    with celery_worker(env, tmp_path / "worker.log", pool=("--concurrency", "2")) as log:
        yield log
