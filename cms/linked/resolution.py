"""Persistent identifiers the resolver answers besides the record identifiers and references (cms.api.resolver):
the index API's ids kept in each record's provenance, decision paragraphs addressed through the decision's symbol,
and decisions the hub does not hold but its records cite (answered with a reference record, not a 404)."""

from __future__ import annotations

from typing import Any

from cms.api.official import official_url
from cms.api.serializers import records
from cms.core.models import RecordPage
from cms.core.visibility import first_public
from cms.linked.tracking import citing_records, decision_record, parse_decision, tracking_page_url, tracking_url
from identifiers import BODY_NAMES, INDEX_API_ID, decision_paragraph

CITED_BY_SHOWN = 50


def by_index_api_id(ref: str) -> RecordPage | None:
    """`52000000cbd00500000019e2` -> the record migrated from that index-API entry (any locale, English first)."""
    ref = ref.strip()
    if not INDEX_API_ID.fullmatch(ref):
        return None
    return first_public(records().filter(legacy_id__iexact=ref).order_by("locale__language_code"))


def by_paragraph_path(ref: str) -> tuple[RecordPage, str, str] | None:
    """`CBD/COP/DEC/15/4/A/1` -> (decision 15/4, its paragraph code `CBD/COP/15/04/A/01`, the paragraph `A/01`)
    when the hub holds the decision."""
    found = decision_paragraph(ref)
    if found is None:
        return None
    parts, code = found
    page = decision_record(parts)
    if page is None:
        return None
    return page, code, code.removeprefix(parts.dtt_code + "/")


def reference_record(ref: str, language: str | None = None) -> dict[str, Any] | None:
    """What the hub knows of a decision it does not hold: symbol, governing body, session, and what cites it.
    None when `ref` names no decision, one the hub holds (the resolver answers those itself) or one nothing cites."""
    parts = parse_decision(ref)
    if parts is None or decision_record(parts) is not None:
        return None
    citing = citing_records(parts, limit=CITED_BY_SHOWN + 1)
    if not citing:
        return None  # neither held nor cited: nothing the hub can say about it
    return {
        "ref": ref,
        "identifier": parts.symbol,
        "type": "decision",
        "title": None,
        "resolved": False,
        "match": "cited-reference",
        "paragraph": None,
        "anchor": None,
        "governing_body": parts.body,
        "governing_body_name": BODY_NAMES[parts.body],
        "session": parts.session,
        "number": parts.number,
        "meeting": parts.meeting,
        "dtt_code": parts.dtt_code,
        "cited_by": [{"identifier": p.identifier, "type": p.record_type, "title": p.title,
                      "date": p.date.isoformat() if p.date else None} for p in citing[:CITED_BY_SHOWN]],
        "cited_by_more": len(citing) > CITED_BY_SHOWN,
        "source_url": official_url(parts.symbol),
        "url": tracking_url(parts),
        "tracking_url": tracking_url(parts),
        "frontend_url": tracking_page_url(parts, language),
        "api_url": None,
    }
