"""Choosing linked records in the editor: autocomplete over published records, validated on save.

Cross-references stay identifiers (cms.core.fields explains why), but an editor no longer types them blind: each
reference field declared in a page model's REFERENCE_FIELDS gets a tag input that suggests published records
("COP-16 — Sixteenth meeting of the Conference of the Parties") and the form refuses an identifier that names no
published record of the expected kind. Identifiers already stored on the page stay valid even when the hub does
not hold their record (a migrated reference is kept as a reference, never dropped by an unrelated edit)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminTagWidget

from cms.core.fields import parse_identifier_list

SUGGESTIONS = 20


def published_records(kind: str | None = None):
    from cms.core.models import RecordPage

    records = RecordPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    return records.filter(record_type=kind) if kind else records


def suggestions(term: str, kind: str | None = None) -> list[dict[str, str]]:
    """Published records whose identifier starts with, or whose title contains, the typed text."""
    term = term.strip()
    if not term:
        return []
    found = (published_records(kind)
             .filter(Q(identifier__istartswith=term) | Q(title__icontains=term))
             .order_by("identifier").values_list("identifier", "title")[:SUGGESTIONS])
    return [{"label": f"{identifier} — {title}" if title != identifier else identifier, "value": identifier}
            for identifier, title in found]


def canonical_identifiers(values: Iterable[str], kind: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Map each value to the identifier of the published record it names (case ignored), and list the unknown."""
    known: dict[str, str] = {}
    unknown: list[str] = []
    for value in values:
        match = published_records(kind).filter(identifier__iexact=value).values_list("identifier", flat=True).first()
        if match:
            known[value] = match
        else:
            unknown.append(value)
    return known, unknown


class RecordReferenceWidget(AdminTagWidget):
    """Wagtail's tag input, suggesting published records of one kind; identifiers never contain spaces."""

    def __init__(self, kind: str | None = None, limit: int | None = None, **kwargs):
        self.kind, self.limit = kind, limit
        super().__init__(**kwargs)

    def format_value(self, value):
        return ", ".join(parse_identifier_list(value))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        url = reverse("cms_record_autocomplete")
        widget_attrs["data-w-tag-url-value"] = f"{url}?{urlencode({'kind': self.kind})}" if self.kind else url
        widget_attrs["data-w-tag-options-value"] = json.dumps(
            {"allowSpaces": False, "tagLimit": self.limit, "autocompleteOnly": False})
        kind = self.kind or "record"
        context["widget"]["help_text"] = (f"Type a code or words of the title and pick a published {kind}; "
                                          "press Enter or comma after each.")
        return context


class RecordPageForm(WagtailAdminPageForm):
    """The edit form of every record: reference fields chosen from, and checked against, published records."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in self.reference_fields().items():
            if name in self.fields:
                single = not isinstance(getattr(self.instance, name, None), list)
                self.fields[name].widget = RecordReferenceWidget(kind=kind, limit=1 if single else None)

    def reference_fields(self) -> dict[str, str | None]:
        return dict(getattr(type(self.instance), "REFERENCE_FIELDS", {}))

    def clean(self):
        cleaned = super().clean()
        for name, kind in self.reference_fields().items():
            if name in cleaned and name not in self.errors:
                cleaned[name] = self._checked(name, kind, cleaned[name])
        return cleaned

    def _checked(self, name: str, kind: str | None, value):
        single = isinstance(value, str)
        values = parse_identifier_list(value)
        if single and len(values) > 1:
            self.add_error(name, "Choose one record.")
            return value
        stored = set(parse_identifier_list(getattr(self.instance, name, None) if self.instance.pk else None))
        known, unknown = canonical_identifiers([v for v in values if v not in stored], kind)
        if unknown:
            what = f"published {kind}" if kind else "published record"
            self.add_error(name, f"No {what} has the identifier {', '.join(unknown[:5])}. "
                                 "Pick one of the suggestions.")
            return value
        chosen = [known.get(v, v) for v in values]
        return (chosen[0] if chosen else "") if single else chosen
