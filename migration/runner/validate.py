"""Checks a spec against its model before anything is written, so a bad record fails with a clear reason instead
of a database error (and nothing is truncated silently)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from migration.spec import MappingError, RecordSpec

MAX_TEXT_CHARS = 2_000_000  # far above any real record; guards against runaway legacy fields


def validate_spec(spec: RecordSpec) -> None:
    model = apps.get_model(spec.model)
    pattern = getattr(model, "IDENTIFIER_PATTERN", None)
    if not spec.identifier:
        raise MappingError("the record has no identifier")
    if pattern is not None and not pattern.fullmatch(spec.identifier):
        raise MappingError(f"'{spec.identifier}' is not a valid {model.RECORD_TYPE} identifier "
                           f"(expected the form {model.IDENTIFIER_EXAMPLE})")
    values = {"title": spec.title, "identifier": spec.identifier, "source_url": spec.source_url, **spec.fields}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(value, str) and field.max_length and len(value) > field.max_length:
            raise MappingError(f"{name} is {len(value):,} characters, over the limit of {field.max_length}: "
                               f"shorten it in the legacy data ('{value[:60]}…')")
        if isinstance(value, str) and isinstance(field, models.TextField) and len(value) > MAX_TEXT_CHARS:
            raise MappingError(f"{name} is {len(value):,} characters, over the limit of {MAX_TEXT_CHARS:,}")
    for language in spec.translations:
        if language not in {"fr", "es", "ar", "ru", "zh"}:
            raise MappingError(f"unknown language '{language}' in translations")
