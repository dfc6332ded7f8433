"""Publish → searchable with the real worker: publish N notifications one after another (the lifecycle path the
admin's publish takes: a revision published, its outbox row committed with it, the drain task sent through Redis to
the Celery worker) and time each until /api/search/ on the web server finds it. Prints p50/p95.

Runs inside the deployment's environment (production settings, the installed wheel): .ci/prod-check/prod_check.py starts
it as `python publish_latency.py BASE_URL CA_FILE N PARENT_ID YEAR`
(identifiers YEAR-100, YEAR-101, …). With INDEX_DRAIN_ON_COMMIT=false in its
environment this process does not ask the worker to drain: only beat's periodic drain can make a record searchable.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid

import django


def main(base: str, ca_file: str, count: int, parent_id: int, year: int) -> list[float]:
    django.setup()
    import httpx

    from cms.core.models import SectionPage
    from cms.records.models import NotificationPage

    parent = SectionPage.objects.get(pk=parent_id)
    latencies = []
    with httpx.Client(base_url=base, verify=ca_file, timeout=30) as api:
        for n in range(count):
            word = f"zq{uuid.uuid4().hex[:12]}"
            page = NotificationPage(title=f"Latency probe {n} {word}", slug=word,
                                    identifier=f"{year}-{n + 100:03d}", summary=word)
            parent.add_child(instance=page)
            page.save_revision().publish()  # commits; the drain task is sent on commit
            published = time.perf_counter()
            while True:
                response = api.get("/api/search/", params={"q": word})
                if response.status_code == 200 and response.json()["total"]:
                    break
                if time.perf_counter() - published > 120:
                    raise SystemExit(f"probe {n} not searchable after 120 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - published)
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"publish -> searchable over {len(ordered)} publishes: p50 {statistics.median(ordered):.3f} s, "
            f"p95 {p95:.3f} s, max {ordered[-1]:.3f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    result = main(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    print(summary(result))
