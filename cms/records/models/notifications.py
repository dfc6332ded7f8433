"""Notifications to Parties (symbol YYYY-NNN)."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.fields import IdentifierListField
from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel
from cms.records.models.files import extracted_files_text


class NotificationPage(RecordPage):
    RECORD_TYPE = "notification"
    TRANSLATED_TEXT_FIELDS = ("title", "summary", "full_text")

    reference = models.CharField(max_length=200, blank=True, help_text="Secretariat reference, e.g. SCBD/IMS/…")
    full_text = models.TextField(blank=True)
    sender = models.CharField(max_length=200, blank=True)
    recipients = IdentifierListField(verbose_name="recipients", help_text="One recipient group per line.")
    action_date = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier", heading="Symbol"),
                FieldPanel("reference"),
                FieldPanel("date"),
                FieldPanel("action_date"),
                FieldPanel("deadline"),
                FieldPanel("sender"),
                FieldPanel("recipients"),
                FieldPanel("status"),
            ],
            heading="Notification",
        ),
        FieldPanel("summary"),
        FieldPanel("full_text"),
        InlinePanel("files", heading="Files per language"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(APIField(n) for n in ("reference", "full_text", "sender", "recipients", "action_date", "deadline", "files")),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [*RecordPage.search_fields, index.SearchField("full_text"), index.SearchField("reference")]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("reference"),
        SynchronizedField("sender"),
        SynchronizedField("recipients"),
        SynchronizedField("action_date"),
        SynchronizedField("deadline"),
        TranslatableField("full_text"),
    ]

    def search_symbols(self) -> list[str]:
        year, number = self.identifier.split("-", 1) if "-" in self.identifier else (self.identifier, "")
        return [self.identifier, f"{year}-{number.lstrip('0') or '0'}", self.reference]

    def search_text(self) -> str:
        return "\n\n".join(filter(None, [self.summary, self.full_text or extracted_files_text(self), self.sender]))

    def api_detail(self) -> dict[str, Any]:
        return {
            "symbol": self.identifier,
            "reference": self.reference,
            "sender": self.sender,
            "recipients": self.recipients,
            "action_date": self.action_date.isoformat() if self.action_date else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "themes": self.subjects,
            "full_text": self.full_text,
            "files": [f.api_representation() for f in self.files.all()],
        }
