"""Run state of the legacy migration: one row per run and one per processed legacy record.

The state lets an interrupted run be resumed (`--resume` continues the last unfinished run and skips records it
already settled) and gives the per-record report its durable source."""

from __future__ import annotations

from django.db import models


class MigrationRun(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sources = models.JSONField(default=list)
    options = models.JSONField(default=dict)
    dry_run = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else "unfinished"
        return f"migration run {self.pk} ({state})"


class MigrationRecordState(models.Model):
    """The outcome of one legacy record in one run. `key` is "<source file>#<position>" (stable across resumes)."""

    class Outcome(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated"
        UNCHANGED = "unchanged"
        FAILED = "failed"

    run = models.ForeignKey(MigrationRun, on_delete=models.CASCADE, related_name="records")
    key = models.CharField(max_length=300)
    kind = models.CharField(max_length=32)
    identifier = models.CharField(max_length=220, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    unresolved = models.JSONField(default=list, blank=True)
    untranslated = models.JSONField(default=list, blank=True)
    page_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="migration_state_run_key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.outcome}"
