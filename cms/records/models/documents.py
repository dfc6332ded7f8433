"""Meeting documents (CBD/SBSTTA/26/INF/20, with /Add.1, /Rev.1, /Corr.1, /CRP.1, /L.1 forms)."""

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
from identifiers import normalize_document_symbol

DOCUMENT_TYPES = [
    ("official", "Official"),
    ("information", "Information"),
    ("reference", "Reference"),
    ("other", "Other"),
    ("in-session", "In-session"),
    ("draft-decision", "Draft decision"),
]
DOCUMENT_NATURES = [
    ("", "—"),
    ("statement", "Statement"),
    ("non-paper", "Non-paper"),
    ("crp", "Conference room paper"),
    ("limited", "Limited distribution"),
]


class MeetingDocumentPage(RecordPage):
    RECORD_TYPE = "meeting-document"
    REFERENCE_FIELDS = {**RecordPage.REFERENCE_FIELDS, "meeting_code": "meeting"}
    TRANSLATED_TEXT_FIELDS = ("title", "summary", "extracted_text")

    normalized_symbol = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    meeting_code = models.CharField(max_length=40, blank=True, help_text="e.g. SBI-6")
    document_type = models.CharField(max_length=20, choices=DOCUMENT_TYPES, default="official")
    nature = models.CharField(max_length=20, choices=DOCUMENT_NATURES, blank=True)
    agenda_items = IdentifierListField(verbose_name="agenda items", help_text="Agenda item numbers, e.g. 3, 4(a).")
    superseded = models.BooleanField(default=False)
    extracted_text = models.TextField(blank=True, help_text="Text extracted from the document's files.")

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier", heading="Symbol"),
                FieldPanel("meeting_code"),
                FieldPanel("document_type"),
                FieldPanel("nature"),
                FieldPanel("agenda_items"),
                FieldPanel("date"),
                FieldPanel("superseded"),
                FieldPanel("status"),
            ],
            heading="Document",
        ),
        FieldPanel("summary"),
        InlinePanel("files", heading="Files per language and format"),
        FieldPanel("extracted_text", read_only=True),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(
            APIField(n)
            for n in (
                "normalized_symbol",
                "meeting_code",
                "document_type",
                "nature",
                "agenda_items",
                "superseded",
                "files",
            )
        ),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("extracted_text"),
        index.SearchField("normalized_symbol", boost=5),
    ]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("normalized_symbol"),
        SynchronizedField("meeting_code"),
        SynchronizedField("document_type"),
        SynchronizedField("nature"),
        SynchronizedField("agenda_items"),
        SynchronizedField("superseded"),
        TranslatableField("extracted_text"),
    ]

    def clean(self) -> None:
        self.identifier = normalize_document_symbol(self.identifier or "")
        super().clean()

    def save(self, *args, **kwargs):
        self.normalized_symbol = normalize_document_symbol(self.identifier).upper()
        if self.meeting_code and self.meeting_code not in (self.meetings or []):
            self.meetings = [*(self.meetings or []), self.meeting_code]
        return super().save(*args, **kwargs)

    def search_symbols(self) -> list[str]:
        return [self.identifier, self.normalized_symbol]

    def search_text(self) -> str:
        return "\n\n".join(filter(None, [self.summary, self.extracted_text or extracted_files_text(self)]))

    def api_detail(self) -> dict[str, Any]:
        return {
            "symbol": self.identifier,
            "normalized_symbol": self.normalized_symbol,
            "meeting": self.meeting_code,
            "document_type": self.document_type,
            "nature": self.nature,
            "agenda_items": self.agenda_items,
            "superseded": self.superseded,
            "files": [f.api_representation() for f in self.files.all()],
            "text": self.extracted_text,
        }
