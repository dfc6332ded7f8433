"""The Convention and its Cartagena and Nagoya Protocols, article by article.

Articles carry the CBD website's identifiers (cbd-08, cpb-20, abs-14); sub-paragraphs are addressable
(`cbd-08/j`, anchor `para-j`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.models import RecordPage
from cms.core.models.records import provenance_panel, taxonomy_panel
from cms.core.visibility import public_pages
from cms.records.blocks import ArticleBodyBlock
from cms.records.structure import body_plain_text, structure_body


class TreatyPage(RecordPage):
    RECORD_TYPE = "treaty"
    TRANSLATED_TEXT_FIELDS = ("title", "summary", "preamble")

    short_title = models.CharField(max_length=120, blank=True)
    preamble = models.TextField(blank=True)

    content_panels = [
        *RecordPage.content_panels,
        FieldPanel("identifier"),
        FieldPanel("short_title"),
        FieldPanel("date", heading="Adopted"),
        FieldPanel("preamble"),
        provenance_panel,
    ]
    api_fields = [*RecordPage.api_fields, *(APIField(n) for n in ("short_title", "preamble"))]
    parent_page_types = ["core.SectionPage"]
    subpage_types = ["records.TreatyArticlePage"]
    search_fields = [*RecordPage.search_fields, index.SearchField("preamble")]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        TranslatableField("short_title"),
        TranslatableField("preamble"),
    ]

    def search_text(self) -> str:
        return self.preamble

    def api_detail(self) -> dict[str, Any]:
        # Only the articles the public may see: a private or unpublished article is not listed, title included.
        articles = public_pages(TreatyArticlePage.objects.child_of(self)).order_by("path")
        return {
            "short_title": self.short_title,
            "preamble": self.preamble,
            "articles": [{"identifier": a.identifier, "number": a.number, "title": a.title} for a in articles],
        }


class TreatyArticlePage(RecordPage):
    RECORD_TYPE = "treaty-article"
    TRANSLATED_TEXT_FIELDS = ("title", "body")

    number = models.CharField(max_length=20, help_text="Article number as printed, e.g. 8 or Annex II 1")
    kind = models.CharField(max_length=10, choices=[("article", "Article"), ("annex", "Annex")], default="article")
    body = StreamField(ArticleBodyBlock(), blank=True, use_json_field=True)

    content_panels = [
        *RecordPage.content_panels,
        MultiFieldPanel([FieldPanel("identifier"), FieldPanel("number"), FieldPanel("kind")], heading="Article"),
        FieldPanel("body"),
        taxonomy_panel,
        provenance_panel,
    ]
    api_fields = [*RecordPage.api_fields, *(APIField(n) for n in ("number", "kind", "body"))]
    parent_page_types = ["records.TreatyPage"]
    subpage_types: list[str] = []
    search_fields = [*RecordPage.search_fields, index.SearchField("body")]
    override_translatable_fields = [
        *RecordPage.override_translatable_fields,
        SynchronizedField("number"),
        SynchronizedField("kind"),
        TranslatableField("body"),
    ]

    def structured_body(self) -> list[dict[str, Any]]:
        structured = structure_body(self.body.get_prep_value() if self.body else [], self.identifier)
        for block in structured:
            for paragraph in block["paragraphs"]:
                self._address_article_paragraph(paragraph)
        return structured

    def _address_article_paragraph(self, paragraph: dict[str, Any]) -> None:
        # Article paragraphs are cited as "Article 8(j)" or "Article 15, paragraph 7": code cbd-15/7, cbd-08/j.
        number = paragraph["number"]
        paragraph["code"] = f"{self.identifier}/{number}" if number else None
        paragraph["anchor"] = f"para-{number}" if number else paragraph["anchor"]
        for sub in paragraph["subparagraphs"]:
            sub["anchor"] = f"{paragraph['anchor']}-{sub['letter']}" if number else f"para-{sub['letter']}"
            sub["code"] = f"{self.identifier}/{number + '/' if number else ''}{sub['letter']}"

    def treaty(self) -> TreatyPage | None:
        """The treaty this article belongs to, only while the public may see it: the title of an unpublished or
        private treaty must not live on in its articles' records and search documents."""
        return public_pages(TreatyPage.objects.parent_of(self)).first() if self.pk else None

    def search_title(self) -> str:
        treaty = self.treaty()
        prefix = f"{treaty.short_title or treaty.title}, " if treaty else ""
        return f"{prefix}Article {self.number}: {self.title}" if self.kind == "article" else f"{prefix}{self.title}"

    def search_text(self) -> str:
        return body_plain_text(self.structured_body())

    def search_symbols(self) -> list[str]:
        return [self.identifier]

    def search_paragraphs(self) -> list[dict[str, Any]]:
        out = []
        for block in self.structured_body():
            for p in block["paragraphs"]:
                out.append({**p, "text": body_plain_text([{"paragraphs": [p]}])})
                out += [
                    {**p, **s, "code": s["code"], "subparagraphs": [], "number": p["number"]}
                    for s in p["subparagraphs"]
                ]
        return [p for p in out if p.get("code")]

    def api_detail(self) -> dict[str, Any]:
        treaty = self.treaty()
        return {
            "number": self.number,
            "kind": self.kind,
            "treaty": {"identifier": treaty.identifier, "title": treaty.title} if treaty else None,
            "paragraphs": [p for block in self.structured_body() for p in block["paragraphs"]],
        }
