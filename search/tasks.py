"""Celery tasks of the search capability (thin: the logic is in search.sync)."""

from celery import shared_task

from search.sync import drain_outbox


@shared_task(name="search.drain_index_outbox", ignore_result=True)
def drain_index_outbox() -> dict:
    report = drain_outbox()
    return {"synced": report.synced, "failed": report.failed}
