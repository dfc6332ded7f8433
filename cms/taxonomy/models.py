"""Taxonomy terms as records: GBF goals, targets and indicators, Aichi goals and targets, CBD subjects.

Terms are pages (not snippets) because they are first-class records: readers look them up by identifier
(GBF-TARGET-03), search finds them, the front end shows a page per target listing everything tagged with it,
and they translate like any other record. Other records tag them by identifier (see cms.core.fields)."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel

SCHEMES = [
    ("gbf-goal", "GBF goal"),
    ("gbf-target", "GBF target"),
    ("gbf-indicator", "GBF indicator"),
    ("aichi-goal", "Aichi strategic goal"),
    ("aichi-target", "Aichi Biodiversity Target"),
    ("subject", "CBD subject"),
]
class ActivityBlock(blocks.StructBlock):
    country = blocks.CharBlock()
    text = blocks.TextBlock()


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    url = blocks.URLBlock()
    kind = blocks.CharBlock(required=False, help_text="keyResources, partners, …")


class TermPage(RecordPage):
    """One term of a controlled vocabulary, with its identifier exactly as issued."""

    RECORD_TYPE = "term"
    TRANSLATED_TEXT_FIELDS = ("title", "short_title", "description")

    scheme = models.CharField(max_length=20, choices=SCHEMES, db_index=True)
    code = models.CharField(max_length=40, blank=True, help_text="Short code as printed: T3, A.1, 11 …")
    short_title = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True, help_text="Official text of the goal, target or indicator.")
    broader = models.CharField(max_length=80, blank=True, help_text="Identifier of the broader term.")
    activities = StreamField(
        [("activity", ActivityBlock())],
        blank=True,
        use_json_field=True,
        help_text="Country activity examples (Aichi targets).",
    )
    resources = StreamField([("link", ResourceLinkBlock())], blank=True, use_json_field=True)

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("scheme"),
                FieldPanel("identifier"),
                FieldPanel("code"),
                FieldPanel("short_title"),
                FieldPanel("broader"),
            ],
            heading="Term",
        ),
        FieldPanel("description"),
        FieldPanel("activities"),
        FieldPanel("resources"),
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(APIField(n) for n in ("scheme", "code", "short_title", "description", "broader", "activities", "resources")),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    search_fields = [
        *RecordPage.search_fields,
        index.SearchField("description"),
        index.SearchField("short_title"),
        index.FilterField("scheme"),
    ]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("scheme"),
        SynchronizedField("code"),
        SynchronizedField("broader"),
        TranslatableField("short_title"),
        TranslatableField("description"),
        TranslatableField("activities"),
        SynchronizedField("resources"),
    ]

    def identifier_kind(self) -> str:
        return self.scheme

    def resolve_record_type(self) -> str:
        # The scheme is the type readers see ("gbf-target", not "term") in the API, facets and search.
        return self.scheme or self.RECORD_TYPE

    def activity_list(self) -> list[dict[str, str]]:
        return [dict(block.value) for block in self.activities]

    def search_symbols(self) -> list[str]:
        return [self.identifier, self.code] if self.code else [self.identifier]

    def search_links(self) -> list[str]:
        # An indicator without a target tag still belongs to its target or goal ("broader").
        return list(dict.fromkeys([*super().search_links(), *([self.broader] if self.broader else [])]))

    def search_text(self) -> str:
        # Country activities are passages of their own (search_paragraphs): folded into the target's text, 236
        # of them would bury the target's own statement under length normalisation.
        return "\n".join(filter(None, [self.short_title, self.description, self.summary]))

    def search_paragraphs(self) -> list[dict[str, Any]]:
        """Each country activity as an addressable passage ("<AICHI-TARGET-NN>/activity/3", anchor activity-3)."""
        return [{"code": f"{self.identifier}/activity/{n}", "anchor": f"activity-{n}",
                 "heading": activity.get("country") or f"activity {n}",
                 "text": f"{activity.get('country', '')}: {activity.get('text') or activity.get('title') or ''}"}
                for n, activity in enumerate(self.activity_list(), start=1)]

    def api_detail(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "code": self.code,
            "short_title": self.short_title,
            "description": self.description,
            "broader": self.broader,
            "activities": self.activity_list(),
            "resources": [dict(block.value) for block in self.resources],
        }
