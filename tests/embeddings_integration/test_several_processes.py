"""Several processes on one embedded vector store, as a deployment runs them without a Qdrant server.

`manage.py vector_service` owns the Qdrant Edge shard; gunicorn (2 workers) and a Celery worker (real Redis broker)
set QDRANT_URL to it. Editors publish and unpublish in this process; the drain tasks travel through Redis to the
worker, which embeds and writes through the service, while a client keeps asking gunicorn for semantic, hybrid and
ask answers. No request may fail (no 503), and each change is visible once the worker has drained it: the service
answers every request from its live shard, so there is no copy to go stale. Needs a database several processes
can open: the PostgreSQL pass of `make test`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "embeddings"))
from service_process import vector_service  # noqa: E402
from worker_processes import ROOT, celery_worker, wait_for, worker_environment  # noqa: E402

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
QUESTION = "volunteers restoring coral reefs in island states"


@pytest.fixture
def deployment(site, settings, tmp_path, redis_broker, broker_url):
    logs = {name: tmp_path / f"{name}.log" for name in ("service", "web", "worker")}
    with vector_service(tmp_path / "qdrant", logs["service"]) as service_url:
        env = worker_environment(broker_url, settings.SEARCH_INDEX_DIR, tmp_path / "var", SEMANTIC_ENABLED="1",
                                 QDRANT_URL=service_url, QDRANT_COLLECTION=settings.QDRANT_COLLECTION)
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "cms.wsgi", "-b", "127.0.0.1:0", "-w", "2",
                                "--timeout", "120"], cwd=ROOT, env=env, stdout=logs["web"].open("w"),
                               stderr=subprocess.STDOUT)
        try:
            with celery_worker(env, logs["worker"]):
                found = wait_for(lambda: re.search(r"Listening at: (http://127\.0\.0\.1:\d+)",
                                                   logs["web"].read_text()), 90, "gunicorn did not start",
                                 *logs.values())
                yield found.group(1), logs
        finally:
            web.terminate()
            web.wait(timeout=60)


class Reader(threading.Thread):
    """Keeps asking the web workers while the worker writes: every status code is kept."""

    PATHS = [("/api/search/", {"q": QUESTION, "mode": "semantic"}), ("/api/search/", {"q": QUESTION, "mode": "hybrid"}),
             ("/api/ask/", {"q": "How are coral reefs restored by volunteers?"})]

    def __init__(self, web: str) -> None:
        super().__init__(daemon=True)
        self.web, self.statuses, self.stop = web, [], threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.web, timeout=60) as client:
            while not self.stop.is_set():
                for path, params in self.PATHS:
                    self.statuses.append(client.get(path, params=params).status_code)


def _semantic(web: str) -> list[str]:
    response = httpx.get(f"{web}/api/search/", params={"q": QUESTION, "mode": "semantic"}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    return [r["identifier"] for r in response.json()["results"]]


def test_web_workers_and_a_celery_worker_share_the_vector_service(deployment, make_notification, celery_on_redis):
    web, logs = deployment
    reader = Reader(web)
    reader.start()
    try:
        first = make_notification("2099-801", title="Volunteers restore coral reefs in island states",
                                  summary="Coral reef restoration by volunteers, with national park rangers.")
        wait_for(lambda: _semantic(web)[:1] == ["2099-801"], 120, "the published record was not found by meaning",
               *logs.values())
        others = [make_notification(f"2099-8{10 + i}", title=f"Seagrass meadow survey number {i}",
                                    summary="Mapping seagrass meadows along the coast.") for i in range(6)]
        wait_for(lambda: {p.identifier for p in others} <= set(_semantic(web)), 120,
               "records published while searches ran were not all found", *logs.values())
        first.unpublish()
        wait_for(lambda: "2099-801" not in _semantic(web), 120, "an unpublished record was still found",
               *logs.values())
        time.sleep(1)  # a few more rounds of reads after the last write
    finally:
        reader.stop.set()
        reader.join(timeout=60)
    assert len(reader.statuses) >= 9 and set(reader.statuses) == {200}, sorted(set(reader.statuses))
    # Both web workers answered through the service; none of them opened the shard folder itself.
    assert "owned by process" not in logs["web"].read_text()
