"""The index outbox: every lifecycle event is written here, in the same transaction as the content change,
before any index is touched. A task drains it; a failed send stays pending and is retried, so an index outage
loses no update."""

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
