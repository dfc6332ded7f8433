"""The Secretariat's activity plan 2025-2026 (calendar-of-activities-and-actions)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from identifiers import is_valid, parse_references
from migration.mapping.common import gbf_target, parse_date, parse_month, required, subjects, text
from migration.spec import MappingError, RecordSpec

STATUS = {"CONFIRM": "confirmed", "TENTAT": "tentative", "COMPLETED": "completed", "ONGOING": "ongoing"}


def plan_date(value: Any, field_name: str, warnings: list[str]) -> tuple[date | None, str]:
    """The plan mixes '19-Jul-24', 'Aug-25', 'Q4 2025' and 'Before Q1 2026': a date when there is one,
    the text as written otherwise (with a warning) — never a failure."""
    raw = text(value)
    if not raw:
        return None, ""
    month = parse_month(raw)
    if month:
        return month, raw
    parsed = parse_date(raw, field_name, [])
    if parsed:
        return parsed, ""
    kept_in = "start_text" if field_name == "startDate" else "end_text"
    warnings.append(f"{field_name}: '{raw}' is not a date; date left empty, kept as written in {kept_in}")
    return None, raw


def decision_refs(decision: str, paragraphs: str) -> tuple[list[str], list[str]]:
    """'16/32' + 'Para 21, Para 24 (e)' -> ['CBD/COP/DEC/16/32'], ['CBD/COP/16/32/21', 'CBD/COP/16/32/24'].
    Parsing is identifiers' job (the one place that understands CBD references)."""
    decision = text(decision)
    if not decision:
        return [], []
    found = [r for r in parse_references(f"decision {decision}") if r.kind == "decision"]
    decisions = list(dict.fromkeys(c for r in found[:1] for c in r.candidates[:1]))
    codes: list[str] = []
    for part in re.split(r"[,;]|\band\b", text(paragraphs)):
        section = re.match(r"(?i)\s*section\s+([A-Z])\b", part)
        number = re.sub(r"(?i)^\s*(section\s+[A-Z]\s*)?(para(graph)?s?\.?)\s*", "", part).strip()
        if not number:
            continue
        for ref in parse_references(f"decision {decision} paragraph {number}"):
            # Sectioned decisions number paragraphs per section: CBD/CP/11/01/C/02.
            codes += [_in_section(c, section.group(1).upper()) if section else c for c in ref.paragraph_codes[:1]]
    return decisions, list(dict.fromkeys(codes))


def map_activity(data: dict[str, Any]) -> RecordSpec:
    warnings: list[str] = []
    identifier = required(data, "identifier")
    if not is_valid("activity", identifier):
        raise MappingError(f"identifier '{identifier}' is not an activity identifier (expected ACT-2024-01)")
    start, start_text = plan_date(data.get("startDate"), "startDate", warnings)
    end, end_text = plan_date(data.get("endDate"), "endDate", warnings)
    decisions, paragraphs = decision_refs(data.get("copDecision") or "", data.get("copParagraphNo") or "")
    if text(data.get("copDecision")) and not decisions:
        warnings.append(f"copDecision '{text(data.get('copDecision'))}' is not a decision reference; not linked")
    notifications = list(dict.fromkeys(
        c for r in parse_references(text(data.get("relatedDocuments"))) if r.kind == "notification"
        for c in r.candidates[:1]))
    meetings = [text(m).upper() for m in data.get("meetings") or [] if text(m)]
    targets = [t for t in (gbf_target(v) for v in data.get("gbfTargets") or []) if t]
    status_raw = text(data.get("status"))
    fields = {
        "summary": text(data.get("description")),
        "activity_type": text(data.get("type")),
        "status": STATUS.get(status_raw.upper(), status_raw.lower()),
        "status_narrative": text(data.get("statusNarrative")),
        "date": start, "start_text": start_text, "end_date": end, "end_text": end_text,
        "decision_refs": decisions, "paragraph_refs": paragraphs, "notifications": notifications,
        "meetings": meetings, "gbf_targets": targets,
        "subjects": subjects(data.get("subject"), warnings),
        "responsible_unit": text(data.get("responsibleUnit")),
        "parties_action_required": text(data.get("actionRequiredByParties")).upper() == "Y",
    }
    return RecordSpec(
        model="records.ActivityPage", section="activities", identifier=identifier,
        title=text(required(data, "title")), fields=fields, source_system="calendar-of-activities",
        legacy_id=identifier, source_url="https://www.cbd.int/calendar",
        references=decisions + notifications + meetings + targets, warnings=warnings,
    )


def _in_section(code: str, section: str) -> str:
    head, _, paragraph = code.rpartition("/")
    return f"{head}/{section}/{paragraph}"
