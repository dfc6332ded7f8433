"""Drafts shown through the headless front end while an editor previews them.

Wagtail builds the draft in memory from the edit form; the CMS never renders public pages, so the draft is
serialised exactly as the public record API would serialise it and kept here under an unguessable token. The
front end's record page reads it back through `/api/preview/<token>/` (`record.html?preview=<token>`).
One row per editor and page: each refresh of the preview panel rewrites it, the token stays the same."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PreviewDraft(models.Model):
    token = models.CharField(max_length=64, unique=True)
    # The page's translation key (set on new, unsaved pages too) and the editor: one draft per pair.
    translation_key = models.UUIDField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["translation_key", "user"], name="preview_draft_page_user")]

    def __str__(self) -> str:
        return f"preview of {self.payload.get('identifier', '?')} ({self.updated_at:%Y-%m-%d %H:%M})"
