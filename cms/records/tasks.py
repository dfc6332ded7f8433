"""Celery tasks of the records app. Thin: the logic lives in cms.records.extraction (and ingest)."""

from __future__ import annotations

from celery import shared_task
from django.apps import apps

from cms.records.extraction import extract_row


@shared_task(name="ingest.extract_record_file", acks_late=True)
def extract_record_file(file_id: int, model_label: str) -> str:
    """Extract the text of one file row and re-index its page.

    `model_label` names the concrete RecordFileBase subclass ("records.DecisionFile", "records.NotificationFile",
    "records.MeetingDocumentFile"): the three share no table, so an id alone is ambiguous.
    Returns "skipped" | "unchanged" | "done" | "failed" (or "missing" if the row was deleted meanwhile).
    """
    model = apps.get_model(model_label)
    row = model.objects.select_related("document").filter(pk=file_id).first()
    if row is None:
        return "missing"
    return extract_row(row)
