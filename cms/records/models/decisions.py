"""COP, CP-MOP and NP-MOP decisions with addressable paragraphs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel
from cms.records.blocks import DecisionBodyBlock
from cms.records.structure import body_plain_text, flatten_paragraphs, paragraph_plain_text, structure_body
from identifiers import dtt_code, official_symbol

DECISION_STATUS = [
    ("active", "Active"),
    ("implemented", "Implemented"),
    ("elapsed", "Elapsed"),
    ("superseded", "Superseded"),
    ("retired", "Retired"),
    ("draft", "Draft decision"),
]
BODY_CHOICES = [
    ("COP", "Conference of the Parties"),
    ("CP-MOP", "COP-MOP to the Cartagena Protocol"),
    ("NP-MOP", "COP-MOP to the Nagoya Protocol"),
]
class DecisionPage(RecordPage):
    """A decision; the body is sections → numbered paragraphs → lettered sub-paragraphs, plus annexes."""

    RECORD_TYPE = "decision"
    REFERENCE_FIELDS = {**RecordPage.REFERENCE_FIELDS, "meeting_code": "meeting"}
    TRANSLATED_TEXT_FIELDS = ("title", "summary", "body")

    body_code = models.CharField("governing body", max_length=8, choices=BODY_CHOICES, default="COP")
    session = models.PositiveSmallIntegerField(help_text="Meeting number, e.g. 15 for COP-15.")
    number = models.PositiveSmallIntegerField(help_text="Decision number within the session, e.g. 4.")
    meeting_code = models.CharField(max_length=40, blank=True, help_text="e.g. COP-15")
    body = StreamField(DecisionBodyBlock(), blank=True, use_json_field=True)

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier"),
                FieldPanel("body_code"),
                FieldPanel("session"),
                FieldPanel("number"),
                FieldPanel("meeting_code"),
                FieldPanel("date", heading="Adoption date"),
                FieldPanel("status"),
            ],
            heading="Decision",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("files", heading="Files per language"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(APIField(n) for n in ("body_code", "session", "number", "meeting_code", "body", "files")),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [*RecordPage.search_fields, index.SearchField("body")]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("body_code"),
        SynchronizedField("session"),
        SynchronizedField("number"),
        SynchronizedField("meeting_code"),
        TranslatableField("body"),
    ]

    def clean(self) -> None:
        if self.session and self.number and self.body_code:
            expected = official_symbol(self.body_code, self.session, self.number)
            self.identifier = self.identifier or expected
            if self.identifier != expected:
                raise ValidationError(
                    {
                        "identifier": f"Symbol {self.identifier} does not match body/session/number "
                        f"(expected {expected})."
                    }
                )
            self.meeting_code = self.meeting_code or f"{self.body_code}-{self.session}"
        super().clean()

    @property
    def dtt_code(self) -> str:
        return dtt_code(self.body_code, self.session, self.number)

    def structured_body(self) -> list[dict[str, Any]]:
        return structure_body(self.body.get_prep_value() if self.body else [], self.dtt_code)

    def search_symbols(self) -> list[str]:
        return [self.identifier, self.dtt_code, f"{self.session}/{self.number}"]

    def search_text(self) -> str:
        return "\n\n".join(filter(None, [self.summary, body_plain_text(self.structured_body())]))

    def search_paragraphs(self) -> list[dict[str, Any]]:
        return [{**p, "text": paragraph_plain_text(p)} for p in flatten_paragraphs(self.structured_body()) if p["code"]]

    def api_detail(self) -> dict[str, Any]:
        return {
            "symbol": self.identifier,
            "dtt_code": self.dtt_code,
            "governing_body": self.body_code,
            "session": self.session,
            "number": self.number,
            "meeting": self.meeting_code,
            "adoption_date": self.date.isoformat() if self.date else None,
            "body": self.structured_body(),
            "files": [f.api_representation() for f in self.files.all()],
        }
