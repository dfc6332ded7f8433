"""A file attached to a record (admin upload, migration) is queued for text extraction after commit.

The ingest task saves its results with update_fields that never include the file itself, so its own saves do
not queue it again; unchanged files (same checksum) are skipped by the task."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from cms.records.models import DecisionFile, MeetingDocumentFile, NotificationFile

FILE_FIELDS = {"document", "document_id", "local_path"}


def _queue_extraction(row) -> None:
    from cms.records.tasks import extract_record_file

    label = f"{row._meta.app_label}.{row._meta.object_name}"
    transaction.on_commit(lambda: extract_record_file.delay(row.pk, label))


@receiver(post_save, sender=NotificationFile)
@receiver(post_save, sender=MeetingDocumentFile)
@receiver(post_save, sender=DecisionFile)
def on_file_saved(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and not FILE_FIELDS.intersection(update_fields):
        return
    if instance.document_id or instance.local_path:
        _queue_extraction(instance)
