"""Translate the API's facet filters (``{"type": ["decision"], "year": ["2024"]}``) into a Qdrant filter.

Values within one key are OR-ed, keys are AND-ed: the same semantics as the lexical engine's filters, so
``mode=hybrid`` filters both sides identically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from qdrant_client import models as qm

# API parameter name -> payload field (the API uses singular names, payloads hold lists).
ALIASES = {
    "subject": "subjects",
    "gbf_target": "gbf_targets",
    "meeting": "meetings",
    "lang": "language",
}
KEYWORD_FIELDS = {"identifier", "type", "language", "subjects", "gbf_targets", "meetings", "status", "unit"}
INTEGER_FIELDS = {"page_id", "year"}


def _values(field: str, raw: Sequence[Any] | Any) -> list[Any]:
    items = [raw] if isinstance(raw, str | int) else list(raw)
    if field in INTEGER_FIELDS:
        try:
            return [int(v) for v in items]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"filter {field!r} takes integers, got {items!r}") from exc
    return [str(v) for v in items]


def normalise(filters: Mapping[str, Sequence[Any] | Any] | None) -> dict[str, list[Any]]:
    """Payload field -> accepted values, with aliases resolved and integer fields converted."""
    out: dict[str, list[Any]] = {}
    for key, raw in (filters or {}).items():
        field = ALIASES.get(key, key)
        if field not in KEYWORD_FIELDS | INTEGER_FIELDS:
            raise ValueError(f"unknown filter {key!r}")
        values = _values(field, raw)
        if values:
            out[field] = values
    return out


def matcher(filters: Mapping[str, Sequence[Any] | Any] | None) -> Callable[[Mapping[str, Any]], bool]:
    """A payload test with the same semantics as the Qdrant filter, normalised once (local-mode filtering)."""
    wanted = [(field, set(values)) for field, values in normalise(filters).items()]

    def accepts(payload: Mapping[str, Any]) -> bool:
        for field, values in wanted:
            value = payload.get(field)
            if not values.intersection(value if isinstance(value, list) else [value]):
                return False
        return True

    return accepts


def matches(payload: Mapping[str, Any], filters: Mapping[str, Sequence[Any] | Any] | None) -> bool:
    return matcher(filters)(payload)


def build_filter(filters: Mapping[str, Sequence[Any] | Any] | None) -> qm.Filter | None:
    """A Qdrant ``Filter`` (None when nothing to filter). Unknown keys raise, so typos do not widen a query."""
    must: list[qm.Condition] = [
        qm.FieldCondition(key=field, match=qm.MatchAny(any=values)) for field, values in normalise(filters).items()
    ]
    return qm.Filter(must=must) if must else None
