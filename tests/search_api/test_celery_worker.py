"""The production task path: a real Celery worker, fed through the machine's Redis, drains the index outbox.

Everything else runs Celery eagerly; here publishing sends the drain task to Redis and a separate worker process
(`celery -A cms worker`, as docker-compose runs it) opens the same database and index folder and syncs the page.
It needs a database that another process can open, so it runs in the PostgreSQL pass of `make test`.
"""

from __future__ import annotations

import pytest
from worker_processes import celery_worker, wait_for, worker_environment

from search.engine import SearchQuery
from search.engines import get_engine

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]



@pytest.fixture
def worker(settings, tmp_path, redis_broker, broker_url):
    env = worker_environment(broker_url, settings.SEARCH_INDEX_DIR, tmp_path / "worker-var")
    with celery_worker(env, tmp_path / "worker.log") as log:
        yield log


def test_publishing_reaches_the_index_through_redis_and_a_worker(site, make_notification, worker, celery_on_redis):
    from indexing.models import IndexOutbox

    make_notification("2026-321", title="Call for nominations of experts on pollinator indicators")
    # Nothing ran in this process: the drain task is on its way to the worker through Redis.
    identifiers = lambda: [h.identifier for h in get_engine().search(SearchQuery(q="pollinator")).hits]  # noqa: E731
    assert wait_for(lambda: "2026-321" in identifiers(), 60, "the published notification was not indexed", worker)
    assert not IndexOutbox.objects.filter(done_at__isnull=True).exists()
    assert "indexing.drain_outbox" in worker.read_text()
