"""Editors' answers to GBF target suggestions, remembered so a rejected target is not suggested again."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TargetSuggestionDecision(models.Model):
    ACCEPTED, REJECTED = "accepted", "rejected"

    # The translation key, not the page id: a decision about a record holds for all its language versions.
    translation_key = models.UUIDField(db_index=True)
    target = models.CharField(max_length=40, help_text="GBF target identifier, e.g. GBF-TARGET-03")
    decision = models.CharField(max_length=10, choices=[(ACCEPTED, "Accepted"), (REJECTED, "Rejected")])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["translation_key", "target"], name="one_decision_per_record_target")
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.decision} for {self.translation_key}"
