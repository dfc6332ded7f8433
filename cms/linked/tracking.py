"""Decision tracking for every governing body (COP, CP-MOP, NP-MOP): what the hub holds that cites a decision,
per paragraph where the citing record names one, with status and dates.

The Secretariat's activities cite decisions and paragraphs (`decision_refs`, `paragraph_refs`) and list the
notifications and meetings that carry them out; any record may also cite a decision in `related`. The decision
itself need not be in the hub: a decision known only from what cites it still has a tracking page."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from cms.api.official import official_url
from cms.api.serializers import record_api_url, records
from cms.core.models import RecordPage
from cms.core.visibility import first_public, public_list
from identifiers import BODY_NAMES, DecisionParts, decision_paragraph, decision_parts, parse_references

SOURCE_LANGUAGE = "en"


def parse_decision(text: str) -> DecisionParts | None:
    """Any spelling of a decision ("16/32", "CP-11/8", "CBD/NP/MOP/DEC/4/3", "XII/2") -> its parts."""
    text = (text or "").strip()[:200]
    parts = decision_parts(text)
    if parts is not None:
        return parts
    with_paragraph = decision_paragraph(text)
    if with_paragraph is not None:
        return with_paragraph[0]
    for reference in parse_references(text):
        if reference.kind in ("decision", "paragraph"):
            for candidate in reference.candidates:
                parts = decision_parts(candidate)
                if parts is not None:
                    return parts
    if "/" in text and not text.lower().startswith("decision"):
        return parse_decision(f"decision {text}")
    return None


def tracking_url(parts: DecisionParts) -> str:
    return reverse("decision-tracking", kwargs={"symbol": parts.symbol})


def tracking_page_url(parts: DecisionParts, language: str | None = None) -> str:
    from django.conf import settings

    query = {"symbol": parts.symbol, **({"lang": language} if language else {})}
    return f"{settings.FRONTEND_BASE_URL}tracking.html?{urlencode(query)}"


def _citation_filter(parts: DecisionParts) -> Q:
    query = Q(activitypage__paragraph_refs__icontains=json.dumps(parts.dtt_code + "/")[:-1])
    for spelling in parts.spellings():
        token = json.dumps(spelling)
        query |= Q(related__icontains=token) | Q(activitypage__decision_refs__icontains=token)
    return query


def citing_records(parts: DecisionParts, limit: int | None = None) -> list[RecordPage]:
    """Public records (English versions) that cite the decision or one of its paragraphs, by identifier, at most
    `limit`. The citation test is a LIKE no index serves, so the restrictions are decided after it, for just the
    matches (cms.core.visibility.public_list), not for every page the scan visits."""
    matches = records().filter(locale__language_code=SOURCE_LANGUAGE).filter(_citation_filter(parts))
    return public_list(matches.distinct().order_by("identifier"), limit)


def is_cited(parts: DecisionParts) -> bool:
    return bool(citing_records(parts, limit=1))


def decision_record(parts: DecisionParts) -> RecordPage | None:
    # first_public/public_list rather than public_records(): the planner walks the English pages by locale and
    # would test every one's restrictions before their identifier (x2 the time with 2,000 restrictions).
    spellings = records().filter(identifier__in=parts.spellings(), locale__language_code=SOURCE_LANGUAGE)
    return first_public(spellings.order_by("pk"))


def _brief(page: RecordPage) -> dict[str, Any]:
    return {
        "identifier": page.identifier,
        "type": page.record_type,
        "title": page.title,
        "date": page.date.isoformat() if page.date else None,
        "status": page.status or None,
        "api_url": record_api_url(page.identifier),
        "frontend_url": page.frontend_url(),
    }


def _lookup(identifiers: list[str]) -> dict[str, RecordPage]:
    pages = public_list(records().filter(identifier__in=identifiers, locale__language_code=SOURCE_LANGUAGE))
    return {page.identifier: page for page in pages}


def _listed(identifiers: dict[str, list[str]], kind: str, found: dict[str, RecordPage]) -> list[dict[str, Any]]:
    """Each identifier with its record when the hub holds it, and the activities through which it is linked."""
    out = []
    for identifier, via in identifiers.items():
        page = found.get(identifier)
        entry = _brief(page) if page else {"identifier": identifier, "type": kind, "title": None, "date": None,
                                           "status": None, "source_url": official_url(identifier, kind)}
        out.append({**entry, "resolved": page is not None, "via": sorted(set(via))})
    return sorted(out, key=lambda e: (e["date"] or "", e["identifier"]), reverse=True)


def _activity(page: RecordPage, parts: DecisionParts) -> dict[str, Any]:
    activity = page.specific
    prefix = parts.dtt_code + "/"
    return {
        **_brief(activity),
        "status_narrative": getattr(activity, "status_narrative", ""),
        "start": getattr(activity, "start_text", "") or (activity.date.isoformat() if activity.date else None),
        "end": getattr(activity, "end_text", "") or (activity.end_date.isoformat()
                                                      if getattr(activity, "end_date", None) else None),
        "paragraphs": [c for c in getattr(activity, "paragraph_refs", []) if c.startswith(prefix)],
        "notifications": list(getattr(activity, "notifications", [])),
        "meetings": list(activity.meetings),
    }


def _paragraph_label(code: str, parts: DecisionParts) -> str:
    return code.removeprefix(parts.dtt_code + "/").replace("/", " ").lstrip("0") or code


def _paragraphs(parts: DecisionParts, decision: RecordPage | None, activities: list[dict]) -> list[dict[str, Any]]:
    """Every paragraph some activity names, with its text when the decision is in the hub; then "the decision as a
    whole" for activities that name none."""
    known = {p["code"]: p for p in decision.specific.search_paragraphs()} if decision else {}
    by_code: dict[str, list[str]] = {}
    whole: list[str] = []
    for activity in activities:
        for code in activity["paragraphs"]:
            by_code.setdefault(code, []).append(activity["identifier"])
        if not activity["paragraphs"]:
            whole.append(activity["identifier"])
    out = []
    for code in sorted(by_code):
        paragraph = known.get(code, {})
        out.append({"code": code, "label": paragraph.get("label") or _paragraph_label(code, parts),
                    "anchor": paragraph.get("anchor"), "text": (paragraph.get("text") or "")[:600] or None,
                    "activities": by_code[code]})
    if whole:
        out.append({"code": None, "label": None, "anchor": None, "text": None, "activities": whole})
    return out


def decision_tracking(parts: DecisionParts, language: str | None = None) -> dict[str, Any] | None:
    """What the hub knows of a decision: its record, its paragraphs and the activities, notifications and meetings
    citing it; None when it neither holds the decision nor any public record citing it."""
    decision = decision_record(parts)
    citing = citing_records(parts)
    if decision is None and not citing:
        return None
    activities = [_activity(p, parts) for p in citing if p.record_type == "activity"]
    notifications: dict[str, list[str]] = {}
    meetings: dict[str, list[str]] = {parts.meeting: []}
    for activity in activities:
        for identifier in activity["notifications"]:
            notifications.setdefault(identifier, []).append(activity["identifier"])
        for identifier in activity["meetings"]:
            meetings.setdefault(identifier, []).append(activity["identifier"])
    others = []
    for page in citing:
        if page.record_type == "notification":
            notifications.setdefault(page.identifier, [])
        elif page.record_type == "meeting":
            meetings.setdefault(page.identifier, [])
        elif page.record_type != "activity":
            others.append(_brief(page))
    found = _lookup([*notifications, *meetings])
    meeting_list = _listed(meetings, "meeting", found)
    for meeting in meeting_list:
        meeting["role"] = "adopted" if meeting["identifier"] == parts.meeting else "cited"
    return {
        "symbol": parts.symbol,
        "short": parts.short,
        "dtt_code": parts.dtt_code,
        "governing_body": parts.body,
        "governing_body_name": BODY_NAMES[parts.body],
        "session": parts.session,
        "number": parts.number,
        "meeting": parts.meeting,
        "in_hub": decision is not None,
        "record": _brief(decision) if decision else None,
        "source_url": official_url(parts.symbol),
        "counts": {"activities": len(activities), "notifications": len(notifications),
                   "meetings": len([m for m in meeting_list if m["role"] == "cited"]), "other": len(others)},
        "paragraphs": _paragraphs(parts, decision, activities),
        "activities": activities,
        "notifications": _listed(notifications, "notification", found),
        "meetings": meeting_list,
        "other": others,
        "tracking_url": tracking_url(parts),
        "frontend_url": tracking_page_url(parts, language),
    }
