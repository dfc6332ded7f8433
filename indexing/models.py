"""The index outbox and the drain lease.

Every lifecycle event is written to the outbox in the same transaction as the content change, before any index
is touched; a drain sends it and a failed send stays pending and is retried, so an index outage loses no
update. One drain runs at a time (the lease), so two workers never send the same page out of order."""

from django.db import models


class IndexOutbox(models.Model):
    page_id = models.BigIntegerField(db_index=True, help_text="Wagtail page id (one per locale).")
    reason = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["done_at", "next_attempt_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        state = "done" if self.done_at else f"pending ({self.attempts} attempts)"
        return f"page {self.page_id} {self.reason}: {state}"


class DrainLease(models.Model):
    """Who drains the outbox now, and until when: taken and renewed by an atomic conditional update, so it
    works the same on SQLite and PostgreSQL without another service; a killed drain's lease simply expires."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or 'free'} until {self.expires_at:%H:%M:%S}"


class DriftCheck(models.Model):
    """The last `search_drift` result of one index (sink), kept for the editors' dashboard."""

    sink = models.CharField(max_length=40, primary_key=True)
    checked_at = models.DateTimeField()
    expected = models.PositiveIntegerField(default=0)
    indexed = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    stale = models.PositiveIntegerField(default=0)
    orphans = models.PositiveIntegerField(default=0)
    examples = models.JSONField(default=list, blank=True)  # a few differing entry ids, to start looking
    repaired = models.BooleanField(default=False)

    def __str__(self) -> str:
        differences = self.missing + self.stale + self.orphans
        return f"{self.sink}: {differences} differences at {self.checked_at:%Y-%m-%d %H:%M}"
