"""The change log partners harvest from: every publish and every withdrawal (unpublish, delete, a view
restriction) of a record in one language, and every lifting of a restriction that had withdrawn it (a publish with
reason "privacy", whose time becomes the record's datestamp), written by cms.harvest.signals in the transaction
of the change.

Published records are read from the pages themselves (their `last_published_at` is their datestamp, which also
covers the migration's bulk inserts that send no signals); withdrawals live only here. The latest entry of a
record wins: earlier ones are marked `superseded`, so a withdrawn record is one tombstone, and a republished one
none. Tombstones are kept for good (OAI-PMH `deletedRecord=persistent`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class RecordChange(models.Model):
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    ACTIONS = [(PUBLISH, "published"), (WITHDRAW, "withdrawn")]

    identifier = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    identity_key = models.CharField(max_length=220, db_index=True, help_text="<language>:<identifier>")
    record_type = models.CharField(max_length=32)
    # JSON text (not a JSONField): "contains the quoted identifier" filters the same way on SQLite and PostgreSQL.
    gbf_targets = models.TextField(default="[]", blank=True)
    page_id = models.IntegerField(null=True, blank=True)
    action = models.CharField(max_length=16, choices=ACTIONS)
    reason = models.CharField(max_length=16, help_text="publish, unpublish, delete or privacy")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["action", "superseded", "at"], name="harvest_tombstones")]
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.identity_key} at {self.at:%Y-%m-%d %H:%M:%S}"
