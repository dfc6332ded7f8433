"""Notifications and meetings from the CBD index API (`api.cbd.int/api/v2013/index`)."""

from __future__ import annotations

import re
from typing import Any

from identifiers import is_valid
from migration.mapping.common import (
    LANGUAGES,
    absolute,
    gbf_target,
    legacy_path,
    parse_date,
    required,
    subjects,
    text,
)
from migration.spec import FileSpec, MappingError, RecordSpec

MEETING_STATUS = {"CONFIRM": "confirmed", "TENTAT": "tentative", "CANCEL": "cancelled", "POSTPO": "postponed"}


def translated_titles(data: dict[str, Any], english: str) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Real translations of the title, and the languages whose title is only a copy of the English."""
    translations: dict[str, dict[str, str]] = {}
    untranslated: list[str] = []
    for lang in LANGUAGES[1:]:
        value = text(data.get(f"title{lang.capitalize()}"))
        if not value or value.casefold() == english.casefold():
            untranslated.append(lang)
        else:
            translations[lang] = {"title": value}
    return translations, untranslated


def file_specs(files: Any, warnings: list[str]) -> list[FileSpec]:
    out: list[FileSpec] = []
    for entry in files or []:
        if not isinstance(entry, dict) or not entry.get("url"):
            warnings.append(f"file entry without a url ignored: {str(entry)[:80]}")
            continue
        language = str(entry.get("language") or "").strip().lower()
        if language not in LANGUAGES:
            warnings.append(f"file {entry['url']}: unknown language '{language}'; file not attached")
            continue
        name = str(entry.get("name") or entry["url"].rsplit("/", 1)[-1])
        out.append(FileSpec(url=legacy_path(entry["url"]), name=name, language=language,
                            file_format=str(entry.get("type") or "")))
    return out


def map_notification(data: dict[str, Any]) -> RecordSpec:
    warnings: list[str] = []
    symbol = required(data, "symbol")
    if not is_valid("notification", symbol):
        raise MappingError(f"symbol '{symbol}' is not a notification symbol (expected YYYY-NNN, e.g. 2024-070)")
    title = text(required(data, "titleEn"))
    translations, untranslated = translated_titles(data, title)
    urls = [u for u in data.get("urls") or [] if isinstance(u, str)]  # a list: checked by mapping.schema
    kept: dict[str, str] = {}
    fields = {
        "reference": text(data.get("reference")),
        "sender": text(data.get("sender")),
        "recipients": [text(r) for r in data.get("recipients") or [] if text(r)],
        "date": parse_date(data.get("date"), "date", warnings, kept),
        "action_date": parse_date(data.get("actionDate"), "actionDate", warnings, kept),
        "deadline": parse_date(data.get("deadline"), "deadline", warnings, kept),
        "subjects": subjects(data.get("themes"), warnings),
        "legacy_values": kept,
    }
    files = file_specs(data.get("files"), warnings)
    legacy = [legacy_path(u) for u in urls] + [f"/notifications/{symbol}"]
    return RecordSpec(
        model="records.NotificationPage", section="notifications", identifier=symbol, title=title, fields=fields,
        source_system="cbd-index-api:notification", legacy_id=str(data.get("id") or symbol),
        source_url=absolute(urls[0]) if urls else absolute(f"/notifications/{symbol}"),
        files=files, translations=translations, untranslated=untranslated,
        legacy_urls=list(dict.fromkeys(legacy + [f.url for f in files])), warnings=warnings,
    )


def meeting_code(data: dict[str, Any]) -> str:
    """The code is the last segment of the meeting's URL (https://www.cbd.int/meetings/COP-17 -> COP-17);
    a few meetings only have a numeric code (006608), kept as issued."""
    for link in data.get("links") or []:
        match = re.search(r"/meetings/([^/?#]+)", str(link))
        if match:
            return match.group(1).strip().upper()
    if text(data.get("meetingCode")):
        return text(data["meetingCode"]).upper().replace(" ", "-")
    raise MappingError("missing required field 'links' (no /meetings/CODE URL and no meetingCode)")


def map_meeting(data: dict[str, Any]) -> RecordSpec:
    warnings: list[str] = []
    code = meeting_code(data)
    if not is_valid("meeting", code):
        raise MappingError(f"meeting code '{code}' is not valid (expected e.g. COP-16)")
    title = text(required(data, "titleEn"))
    translations, untranslated = translated_titles(data, title)
    country = text(data.get("country")).upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        warnings.append(f"country '{country}' is not an ISO 3166 alpha-2 code; left empty")
        country = ""
    notifications = [text(n) for n in data.get("notifications") or [] if text(n)]
    targets = [t for t in (gbf_target(v) for v in data.get("gbfTargets") or []) if t]
    links = [str(u) for u in data.get("links") or []]
    kept: dict[str, str] = {}
    fields = {
        "date": parse_date(data.get("startDate"), "startDate", warnings, kept),
        "end_date": parse_date(data.get("endDate"), "endDate", warnings, kept),
        "status": MEETING_STATUS.get(text(data.get("status")), ""),
        "meeting_type": text(data.get("type")),
        "city": text(data.get("cityEn") or data.get("city")),
        "country": country,
        "subsidiary_bodies": [text(s) for s in data.get("subsidiaryBodies") or [] if text(s)],
        "subjects": subjects(data.get("subjects"), warnings),
        "gbf_targets": targets,
        "related": notifications,
        "links": links,
        "summary": text(data.get("notesEn")),
        "legacy_values": kept,
    }
    return RecordSpec(
        model="records.MeetingPage", section="meetings", identifier=code, title=title, fields=fields,
        source_system="cbd-index-api:meeting", legacy_id=str(data.get("id") or code),
        source_url=absolute(links[0]) if links else absolute(f"/meetings/{code}"),
        translations=translations, untranslated=untranslated,
        legacy_urls=list(dict.fromkeys([legacy_path(u) for u in links] + [f"/meetings/{code}"])),
        references=notifications + targets, warnings=warnings,
    )
