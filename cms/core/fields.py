"""Lists of CBD identifiers stored on records (taxonomy tags and cross-references).

Cross-references are kept as identifiers rather than foreign keys because (a) a reference to a record that is
not in the CMS must be kept as a reference, never invented as content, and (b) every locale's copy of a page is
its own row, while an identifier names the record in all six languages at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

IDENTIFIER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./()_:+-]{0,199}$")


def parse_identifier_list(value: object) -> list[str]:
    """Accept a list, or text separated by commas/newlines; strip, drop empties, keep order, drop duplicates."""
    if value in (None, ""):
        return []
    items: Iterable[object] = value if isinstance(value, list | tuple) else re.split(r"[,\n;]+", str(value))
    seen: dict[str, None] = {}
    for item in items:
        text = str(item).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def validate_identifier_list(values: list[str]) -> None:
    bad = [v for v in values if not IDENTIFIER_RE.match(v)]
    if bad:
        raise ValidationError(
            "Not a valid identifier: %(bad)s. Use the CBD's identifiers, e.g. GBF-TARGET-03, 2024-070, COP-16.",
            params={"bad": ", ".join(bad[:5])},
            code="invalid_identifier",
        )


class IdentifierListFormField(forms.Field):
    """Free-text list of identifiers, one per line (or comma separated)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: object) -> str:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return "" if value is None else str(value)

    def to_python(self, value: object) -> list[str]:
        return parse_identifier_list(value)

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        validate_identifier_list(value)


class TermChoiceFormField(forms.MultipleChoiceField):
    """Checkboxes over the taxonomy terms of one scheme (choices read when the form is built)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices_loader: Callable[[], list[tuple[str, str]]], **kwargs):
        self.choices_loader = choices_loader
        super().__init__(choices=choices_loader, **kwargs)

    def valid_value(self, value: str) -> bool:
        # A stored identifier not (yet) in the taxonomy stays valid so editing never silently drops a tag.
        return True

    def prepare_value(self, value: object) -> list[str]:
        return parse_identifier_list(value)


class IdentifierListField(models.JSONField):
    """A JSON list of identifiers; `scheme` limits the admin widget to taxonomy terms of that scheme."""

    def __init__(self, *args, scheme: str | None = None, **kwargs):
        self.scheme = scheme
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.scheme:
            kwargs["scheme"] = self.scheme
        return name, path, args, kwargs

    def get_prep_value(self, value):
        return super().get_prep_value(parse_identifier_list(value))

    def formfield(self, **kwargs):
        defaults = {"required": not self.blank, "label": self.verbose_name.capitalize(), "help_text": self.help_text}
        if self.scheme:
            from cms.taxonomy.choices import term_choices

            scheme = self.scheme
            return TermChoiceFormField(choices_loader=lambda: term_choices(scheme), **defaults)
        return IdentifierListFormField(**defaults)
