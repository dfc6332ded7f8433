"""Translate the API's facet filters (``{"type": ["decision"], "year": ["2024"]}``) into Qdrant filters.

Values within one key are OR-ed, keys are AND-ed: the same semantics as the lexical engine's filters, so
``mode=hybrid`` filters both sides identically. ``normalise`` gives the backend-neutral form (payload field ->
accepted values); ``build_filter`` the qdrant-client model (server backend), ``edge_filter`` the Qdrant Edge one,
and ``from_rest`` reads back the documented REST JSON form (the vector service receives what the client sends).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # qdrant-client's models take ~1 s to import: an Edge-only process never needs them
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


def _scalar(field: str, value: Any) -> Any:
    return int(value) if field in INTEGER_FIELDS else str(value)


def from_rest(flt: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """The neutral form of a REST filter as qdrant-client sends it: ``must`` of ``match.any``/``match.value``.

    Anything else (should/must_not, ranges, unknown fields) raises ValueError: the vector service answers only
    the subset this project sends, and says so instead of answering a different question."""
    if not flt:
        return {}
    if set(flt) - {"must"}:
        raise ValueError(f"unsupported filter clauses: {sorted(set(flt) - {'must'})}")
    out: dict[str, list[Any]] = {}
    for condition in flt.get("must") or []:
        key, match = condition.get("key"), condition.get("match") or {}
        if key not in KEYWORD_FIELDS | INTEGER_FIELDS or set(condition) != {"key", "match"}:
            raise ValueError(f"unsupported filter condition: {condition!r}")
        values = match["any"] if "any" in match else [match["value"]] if "value" in match else None
        if values is None:
            raise ValueError(f"unsupported match: {match!r}")
        out[key] = [_scalar(key, v) for v in values]
    return out


def edge_filter(normalised: Mapping[str, Sequence[Any]]) -> Any:
    """A Qdrant Edge ``Filter`` from the neutral form (None when nothing to filter)."""
    if not normalised:
        return None
    from qdrant_edge import FieldCondition, Filter, MatchAny

    return Filter(must=[FieldCondition(key=field, match=MatchAny(any=list(values)))
                        for field, values in normalised.items()])


def build_filter(filters: Mapping[str, Sequence[Any] | Any] | None) -> qm.Filter | None:
    """A Qdrant ``Filter`` (None when nothing to filter). Unknown keys raise, so typos do not widen a query."""
    from qdrant_client import models as qm

    must: list[qm.Condition] = [
        qm.FieldCondition(key=field, match=qm.MatchAny(any=values)) for field, values in normalise(filters).items()
    ]
    return qm.Filter(must=must) if must else None
