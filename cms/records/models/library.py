"""Virtual library resources (publications, tools, guidance) from the CBD's library records."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.fields import IdentifierListField
from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel


class LibraryResourcePage(RecordPage):
    RECORD_TYPE = "library-resource"

    resource_types = IdentifierListField(verbose_name="resource types")
    authors = IdentifierListField(verbose_name="authors", help_text="One author per line.")
    organizations = IdentifierListField(verbose_name="organizations")
    publisher = models.CharField(max_length=255, blank=True)
    links = models.JSONField(default=list, blank=True, help_text='[{"language": "en", "url": "https://…"}]')
    countries = IdentifierListField(verbose_name="countries", help_text="ISO 3166 alpha-2 codes")
    regions = IdentifierListField(verbose_name="regions")

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("identifier"),
                FieldPanel("resource_types"),
                FieldPanel("authors"),
                FieldPanel("organizations"),
                FieldPanel("publisher"),
                FieldPanel("date", heading="Publication date"),
                FieldPanel("links"),
                FieldPanel("countries"),
                FieldPanel("regions"),
            ],
            heading="Resource",
        ),
        FieldPanel("summary"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [
        *RecordPage.api_fields,
        *(
            APIField(n)
            for n in ("resource_types", "authors", "organizations", "publisher", "links", "countries", "regions")
        ),
    ]
    parent_page_types = ["core.SectionPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        *[
            SynchronizedField(f)
            for f in ("resource_types", "authors", "organizations", "links", "countries", "regions")
        ],
        TranslatableField("publisher"),
    ]

    def search_text(self) -> str:
        return " ".join(filter(None, [self.summary, self.publisher, *self.authors, *self.organizations]))

    def api_detail(self) -> dict[str, Any]:
        return {
            "resource_types": self.resource_types,
            "authors": self.authors,
            "organizations": self.organizations,
            "publisher": self.publisher,
            "publication_date": self.date.isoformat() if self.date else None,
            "links": self.links,
            "countries": self.countries,
            "regions": self.regions,
        }
