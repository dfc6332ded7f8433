"""Each kind of work on its own queue: a publish's drain goes to "index", file extraction to "ingest", so the
worker that indexes (as the Procfile runs it: --queues index,embed,default) never waits behind a long extraction.

A real Celery worker on the machine's Redis (db 5); the worker opens the test database, so this runs in the
PostgreSQL pass of `make test` (skipped on SQLite), and fails with the connection error when no Redis answers."""

from __future__ import annotations

import os

import pytest
from worker_processes import celery_worker, procfile_queues, wait_for, worker_environment

from search.engine import SearchQuery
from search.engines import get_engine

INDEX_WORKER_QUEUES = "index,embed,default"  # what the Procfile's worker must consume


def test_tasks_are_routed_to_their_queues():
    from cms.celery import app

    route = lambda name: app.amqp.router.route({}, name)["queue"].name  # noqa: E731
    assert route("indexing.drain_outbox") == "index"
    assert route("indexing.retry_failed") == "index"
    assert route("ingest.extract_record_file") == "ingest"
    assert route("embeddings.anything") == "embed"
    assert procfile_queues("worker") == INDEX_WORKER_QUEUES and procfile_queues("ingest") == "ingest"


@pytest.fixture
def broker_url() -> str:
    return os.environ.get("CBD_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def index_worker(settings, tmp_path, redis_broker, broker_url):
    env = worker_environment(broker_url, settings.SEARCH_INDEX_DIR, tmp_path / "worker-var")
    with celery_worker(env, tmp_path / "worker.log", queues=INDEX_WORKER_QUEUES) as log:
        yield log


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_the_index_worker_publishes_while_extractions_wait_on_their_own_queue(
        site, make_notification, index_worker, celery_on_redis, redis_broker):
    from cms.records.tasks import extract_record_file

    # A long extraction is queued first; the index worker does not take it.
    extract_record_file.delay(999999, "records.notificationpage")
    make_notification("2026-654", title="Call for submissions on pollinator monitoring")
    found = lambda: "2026-654" in [h.identifier for h in get_engine().search(SearchQuery(q="pollinator")).hits]  # noqa: E731
    assert wait_for(found, 90, "the published notification was not indexed", index_worker)
    log = index_worker.read_text()
    # (the banner lists every registered task; "Task <name>[<id>] received" is a task this worker took)
    assert "Task indexing.drain_outbox[" in log and "Task ingest.extract_record_file[" not in log
    assert redis_broker.llen("ingest") == 1  # still waiting for the ingest worker, in its own queue
