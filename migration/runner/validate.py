"""Checks a spec against its model before anything is written, so a bad record fails with a clear reason instead
of a database error (and nothing is truncated silently)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from identifiers import FORMS, LANGUAGES, SOURCE_LANGUAGE
from migration.spec import MappingError, RecordSpec

MAX_TEXT_CHARS = 2_000_000  # far above any real record; guards against runaway legacy fields


def validate_spec(spec: RecordSpec) -> None:
    model = apps.get_model(spec.model)
    if not spec.identifier:
        raise MappingError("the record has no identifier")
    form = FORMS.get(spec.fields.get("scheme") or getattr(model, "RECORD_TYPE", ""))
    if form is not None and not form.matches(spec.identifier):
        raise MappingError(f"'{spec.identifier}' is not a valid {form.kind} identifier "
                           f"(expected the form {form.example})")
    values = {"title": spec.title, "identifier": spec.identifier, "source_url": spec.source_url, **spec.fields}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(value, str) and field.max_length and len(value) > field.max_length:
            raise MappingError(f"{name} is {len(value):,} characters, over the limit of {field.max_length}: "
                               f"shorten it in the legacy data ('{value[:60]}…')")
        if isinstance(value, str) and isinstance(field, models.TextField) and len(value) > MAX_TEXT_CHARS:
            raise MappingError(f"{name} is {len(value):,} characters, over the limit of {MAX_TEXT_CHARS:,}")
    for language in spec.translations:
        if language not in LANGUAGES or language == SOURCE_LANGUAGE:
            raise MappingError(f"unknown language '{language}' in translations")
