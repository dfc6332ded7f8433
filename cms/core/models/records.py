"""RecordPage: the concrete base of every CBD record (decision, notification, meeting, GBF target, ...).

One table holds what every record shares — its persistent identifier, type, main date, status, taxonomy tags,
cross-references and provenance — so a lookup by identifier, the resolver and the API filters are one query
whatever the type, and (identifier, locale) is unique at the database level.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.http import urlencode
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.fields import IdentifierListField
from cms.core.preview import HeadlessPreviewMixin, store_draft
from cms.core.references import RecordPageForm
from identifiers import FORMS, cited_identifiers

PROVENANCE_FIELDS = ("source_system", "legacy_id", "source_url", "source_checksum", "imported_at")

provenance_panel = MultiFieldPanel(
    [FieldPanel(name, read_only=True) for name in (*PROVENANCE_FIELDS, "legacy_values")],
    heading="Provenance (filled by migration)",
    classname="collapsed",
)
taxonomy_panel = MultiFieldPanel(
    [FieldPanel("gbf_targets"), FieldPanel("subjects"), FieldPanel("meetings"), FieldPanel("related")],
    heading="Links and taxonomy",
)


class RecordPage(HeadlessPreviewMixin, Page):
    """Base for every record; not creatable itself. Previews show the draft through the front end."""

    RECORD_TYPE: ClassVar[str] = "record"
    # Text fields compared with English to tell a real translation from a copy.
    TRANSLATED_TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "summary")
    # Fields holding identifiers of other records -> the record type they must name (None: any type). The edit
    # form suggests published records for them and refuses identifiers no published record has (cms.core.references).
    REFERENCE_FIELDS: ClassVar[dict[str, str | None]] = {"meetings": "meeting", "related": None}
    base_form_class = RecordPageForm

    identifier = models.CharField(
        max_length=200,
        db_index=True,
        help_text="The CBD's persistent identifier, e.g. 2024-070, CBD/COP/DEC/15/4, GBF-TARGET-03.",
    )
    # "<language>:<identifier>", unique: one record per identifier and locale, enforced by the database
    # (a constraint cannot name Page.locale from this child table).
    identity_key = models.CharField(max_length=220, unique=True, editable=False, null=True)
    record_type = models.CharField(max_length=32, db_index=True, editable=False, default="record")
    date = models.DateField(null=True, blank=True, db_index=True, help_text="Main date (issue, adoption, start).")
    status = models.CharField(max_length=40, blank=True, db_index=True)
    summary = models.TextField(blank=True)
    gbf_targets = IdentifierListField(scheme="gbf-target", verbose_name="GBF targets")
    subjects = IdentifierListField(scheme="subject", verbose_name="subjects")
    meetings = IdentifierListField(verbose_name="meetings", help_text="Meeting codes, e.g. COP-16.")
    related = IdentifierListField(verbose_name="related records", help_text="Identifiers of related records.")

    source_system = models.CharField(max_length=64, blank=True)
    legacy_id = models.CharField(max_length=128, blank=True, db_index=True)
    source_url = models.URLField(max_length=500, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # What the legacy record said where no typed field can hold it (a date written "sometime in spring"):
    # kept as given, so the migration report's "kept" is true and an editor can fix the record from it.
    legacy_values = models.JSONField(default=dict, blank=True, help_text="Legacy values kept as written "
                                     "because no field of the record could hold them (e.g. a date that is not one).")

    is_creatable = False

    api_fields = [
        APIField(name)
        for name in (
            "identifier",
            "record_type",
            "date",
            "status",
            "summary",
            "gbf_targets",
            "subjects",
            "meetings",
            "related",
            *PROVENANCE_FIELDS,
        )
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("identifier", boost=5),
        index.SearchField("summary"),
        index.FilterField("record_type"),
        index.FilterField("status"),
        index.FilterField("date"),
        index.AutocompleteField("identifier"),
    ]

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("identifier"),
        SynchronizedField("date"),
        SynchronizedField("status"),
        SynchronizedField("gbf_targets"),
        SynchronizedField("subjects"),
        SynchronizedField("meetings"),
        SynchronizedField("related"),
        *[SynchronizedField(name) for name in PROVENANCE_FIELDS],
        SynchronizedField("legacy_values"),
        TranslatableField("title"),
        TranslatableField("summary"),
    ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.title}"

    # -- validation -------------------------------------------------------------------------------------------
    def identifier_kind(self) -> str:
        """The kind whose identifier form (identifiers.FORMS) this record's identifier must have."""
        return type(self).RECORD_TYPE

    def clean(self) -> None:
        super().clean()
        self.identifier = (self.identifier or "").strip()
        form = FORMS.get(self.identifier_kind())
        if form and not form.matches(self.identifier):
            raise ValidationError(
                {
                    "identifier": f"'{self.identifier}' is not a valid identifier for a {self.identifier_kind()}; "
                    f"expected the form {form.example}."
                }
            )
        clash = RecordPage.objects.filter(identifier=self.identifier, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.locale_id and clash.exists():
            raise ValidationError({"identifier": f"Another record already has the identifier {self.identifier}."})

    def save(self, *args, **kwargs):
        self.record_type = self.resolve_record_type()
        if self.locale_id:
            self.identity_key = f"{self.locale.language_code}:{self.identifier}"
        return super().save(*args, **kwargs)

    def resolve_record_type(self) -> str:
        return type(self).RECORD_TYPE

    # -- URLs -------------------------------------------------------------------------------------------------
    def frontend_url(self, language: str | None = None) -> str:
        lang = language or self.locale.language_code
        return f"{settings.FRONTEND_BASE_URL}record.html?{urlencode({'id': self.identifier, 'lang': lang})}"

    def serve(self, request, *args, **kwargs):
        """The public site is the headless front end: the stable CMS URL sends readers to its record view."""
        return redirect(self.frontend_url())

    def preview_url(self, request) -> str:
        """The front end's record page showing this draft (cms.core.preview)."""
        return f"{self.frontend_url()}&{urlencode({'preview': store_draft(self, request.user)})}"

    # -- content hooks used by the API and the search-document builder ----------------------------------------
    def search_title(self) -> str:
        return self.title

    def search_text(self) -> str:
        """Plain text of the record for full-text search (subclasses add their body)."""
        return self.summary or ""

    def search_symbols(self) -> list[str]:
        return [self.identifier]

    def search_links(self) -> list[str]:
        """Identifiers of the records this one refers to (search links a symbol query's record to them and them
        to it): its related records and the records its title cites ("Registration for SBSTTA-27", "... (Article
        14, paragraph 2 of the Convention)"), which the legacy data seldom lists as related; the broader term, for
        vocabularies, adds to them."""
        return list(dict.fromkeys([*(self.related or []), *cited_identifiers(self.search_title(), self.identifier)]))

    def search_paragraphs(self) -> list[dict[str, Any]]:
        """Addressable paragraphs, each {code, anchor, label, text, gbf_targets, subjects}."""
        return []

    def api_detail(self) -> dict[str, Any]:
        """Type-specific fields for the record API (flat keys)."""
        return {}

    def translation_status(self) -> dict[str, str]:
        from cms.core.translation import translation_status

        return translation_status(self)
