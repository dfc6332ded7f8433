"""Wagtail previews through the headless front end.

The CMS renders no public page (no templates), so Wagtail's default preview — rendering the page's template —
would fail with TemplateDoesNotExist. Instead a record's draft is serialised as the record API would serve it,
stored under a token (`PreviewDraft`), and the preview panel is sent to the front end's record page with
`?preview=<token>`; the front end reads the draft through `/api/preview/<token>/`. Structural pages (home,
sections) preview as the search page. If a draft cannot be serialised, the editor sees a plain message,
never an error page with server details."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode

if TYPE_CHECKING:
    from cms.core.models import RecordPage

logger = logging.getLogger(__name__)
#: A preview token older than this is refused and purged: long enough for an editing session.
PREVIEW_MAX_AGE = dt.timedelta(hours=12)


class HeadlessPreviewMixin:
    """serve_preview for every page model: the front end shows the draft."""

    def serve_preview(self, request, mode_name):
        try:
            url = self.preview_url(request)
        except Exception:  # any failure becomes a plain message: previews must never show a debug page
            logger.exception("preview of page %s could not be built", getattr(self, "pk", None))
            return preview_unavailable()
        response = redirect(url)
        response["Cache-Control"] = "no-store"
        return response

    def preview_url(self, request) -> str:
        return f"{settings.FRONTEND_BASE_URL}?{urlencode({'lang': self.locale.language_code})}"


def preview_unavailable() -> HttpResponse:
    message = "This preview could not be built. Save the draft and try again; the error has been logged."
    body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview unavailable</title></head>'
            f"<body><main><h1>Preview unavailable</h1><p>{escape(message)}</p></main></body></html>")
    return HttpResponse(body, status=200, headers={"Cache-Control": "no-store"})


def store_draft(page: RecordPage, user) -> str:
    """Serialise the in-memory draft as the record API would and return its token (the same one for every
    refresh of this editor's preview of this page)."""
    from cms.api.serializers import record_payload
    from cms.core.models import PreviewDraft

    payload = record_payload(page)
    payload["preview"] = True
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    draft = PreviewDraft.objects.filter(translation_key=page.translation_key, user_id=user_id).first()
    if draft is None:
        draft = PreviewDraft(translation_key=page.translation_key, user_id=user_id, token=secrets.token_urlsafe(32))
    draft.payload = payload
    draft.save()
    PreviewDraft.objects.filter(updated_at__lt=timezone.now() - PREVIEW_MAX_AGE).delete()
    return draft.token


def load_draft(token: str) -> dict | None:
    """The stored draft for a token, or None when unknown or expired."""
    from cms.core.models import PreviewDraft

    draft = PreviewDraft.objects.filter(token=token, updated_at__gte=timezone.now() - PREVIEW_MAX_AGE).first()
    return draft.payload if draft else None
