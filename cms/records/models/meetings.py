"""Meetings (COP-16, SBSTTA-27, CP-MOP-11 …); documents and notifications link to them by code."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.fields import IdentifierListField
from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel


class MeetingPage(RecordPage):
    RECORD_TYPE = "meeting"
    TRANSLATED_TEXT_FIELDS = ("title", "summary", "venue")

    end_date = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2")
    meeting_type = models.CharField(max_length=60, blank=True)
    subsidiary_bodies = IdentifierListField(verbose_name="subsidiary bodies")
    links = IdentifierListField(verbose_name="links")

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier", heading="Meeting code"),
                FieldPanel("date", heading="Start date"),
                FieldPanel("end_date"),
                FieldPanel("venue"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("meeting_type"),
                FieldPanel("status"),
                FieldPanel("subsidiary_bodies"),
            ],
            heading="Meeting",
        ),
        FieldPanel("summary"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(APIField(n) for n in ("end_date", "venue", "city", "country", "meeting_type", "subsidiary_bodies", "links")),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("end_date"),
        SynchronizedField("city"),
        SynchronizedField("country"),
        SynchronizedField("meeting_type"),
        SynchronizedField("subsidiary_bodies"),
        SynchronizedField("links"),
        TranslatableField("venue"),
    ]

    def clean(self) -> None:
        self.identifier = (self.identifier or "").strip().upper().replace(" ", "-")
        super().clean()

    def search_symbols(self) -> list[str]:
        return [self.identifier, self.identifier.replace("-", " ")]

    def search_text(self) -> str:
        return " ".join(filter(None, [self.summary, self.venue, self.city, self.country]))

    def api_detail(self) -> dict[str, Any]:
        return {
            "code": self.identifier,
            "start_date": self.date.isoformat() if self.date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "venue": self.venue,
            "city": self.city,
            "country": self.country,
            "meeting_type": self.meeting_type,
            "subsidiary_bodies": self.subsidiary_bodies,
            "links": self.links,
        }
