"""The Secretariat's planned activities, linked to decisions and paragraphs ("16/32 Para 21")."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.fields import IdentifierListField
from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel


class ActivityPage(RecordPage):
    RECORD_TYPE = "activity"
    # Returned by the record API as resolved references ({identifier, resolved, title, ...}), not bare strings.
    API_REFERENCE_LISTS = ("decisions", "notifications")
    TRANSLATED_TEXT_FIELDS = ("title", "summary")

    activity_type = models.CharField(max_length=80, blank=True)
    status_narrative = models.TextField(blank=True)
    start_text = models.CharField(max_length=80, blank=True, help_text="Start as written in the plan.")
    end_date = models.DateField(null=True, blank=True)
    end_text = models.CharField(max_length=80, blank=True, help_text="End as written, e.g. 'Before Q1 2026'.")
    decision_refs = IdentifierListField(verbose_name="decisions", help_text="Decision symbols.")
    paragraph_refs = IdentifierListField(verbose_name="decision paragraphs", help_text="e.g. CBD/COP/16/32/21")
    notifications = IdentifierListField(verbose_name="notifications")
    responsible_unit = models.CharField(max_length=80, blank=True)
    parties_action_required = models.BooleanField(default=False)

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier"),
                FieldPanel("activity_type"),
                FieldPanel("status"),
                FieldPanel("status_narrative"),
                FieldPanel("date", heading="Start date"),
                FieldPanel("start_text"),
                FieldPanel("end_date"),
                FieldPanel("end_text"),
                FieldPanel("decision_refs"),
                FieldPanel("paragraph_refs"),
                FieldPanel("notifications"),
                FieldPanel("responsible_unit"),
                FieldPanel("parties_action_required"),
            ],
            heading="Activity",
        ),
        FieldPanel("summary"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(
            APIField(n)
            for n in (
                "activity_type",
                "status_narrative",
                "start_text",
                "end_date",
                "end_text",
                "decision_refs",
                "paragraph_refs",
                "notifications",
                "responsible_unit",
                "parties_action_required",
            )
        ),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        *[
            SynchronizedField(f)
            for f in (
                "activity_type",
                "start_text",
                "end_date",
                "end_text",
                "decision_refs",
                "paragraph_refs",
                "notifications",
                "responsible_unit",
                "parties_action_required",
            )
        ],
        TranslatableField("status_narrative"),
    ]

    def search_text(self) -> str:
        return " ".join(filter(None, [self.summary, self.status_narrative, *self.decision_refs]))

    def api_detail(self) -> dict[str, Any]:
        return {
            "activity_type": self.activity_type,
            "status_narrative": self.status_narrative,
            "start": self.start_text or (self.date.isoformat() if self.date else None),
            "end": self.end_text or (self.end_date.isoformat() if self.end_date else None),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "decisions": self.decision_refs,
            "paragraphs": self.paragraph_refs,
            "notifications": self.notifications,
            "responsible_unit": self.responsible_unit,
            "parties_action_required": self.parties_action_required,
        }
