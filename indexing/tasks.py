"""Celery tasks of the lifecycle (thin: the logic is in indexing.outbox)."""

from celery import shared_task

from indexing.outbox import drain, retry_failed


@shared_task(name="indexing.drain_outbox", ignore_result=True)
def drain_outbox_task() -> dict:
    report = drain()
    return {"synced": report.synced, "failed": report.failed, "busy": report.busy}


@shared_task(name="indexing.retry_failed", ignore_result=True)
def retry_failed_task() -> dict:
    report = retry_failed()
    return {"synced": report.synced, "failed": report.failed}
