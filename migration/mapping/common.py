"""Helpers shared by the mappers: dates, identifiers, subjects, titles, legacy URLs."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from identifiers import LANGUAGE_NAMES
from ingest.normalize import remove_control_characters
from migration.spec import MappingError

# English (the source) first, then the others in the CBD's usual order: the exports' title columns.
LANGUAGES = tuple(LANGUAGE_NAMES)
LEGACY_HOST = "https://www.cbd.int"
SUBJECT_RE = re.compile(r"CBD-SUBJECT-[A-Z0-9-]+")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d %B %Y", "%d/%m/%Y")
_TAG_RE = re.compile(r"<[^>]+>")


def required(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None or not str(value).strip():
        raise MappingError(f"missing required field '{name}'")
    return str(value).strip()


def text(value: Any) -> str:
    """Plain text: tags like <br> become spaces, whitespace collapses, NUL and other control characters go
    (PostgreSQL cannot store NUL; the others only split words invisibly)."""
    if value is None:
        return ""
    return " ".join(_TAG_RE.sub(" ", remove_control_characters(str(value))).split())


def localized(value: Any, language: str = "en") -> str:
    """Thesaurus fields are either a string or a {language: text} dict."""
    if isinstance(value, dict):
        return text(value.get(language))
    return text(value)


def parse_date(value: Any, field_name: str, warnings: list[str], kept: dict[str, str] | None = None) -> date | None:
    """An ISO timestamp or one of the legacy spellings ("19-Jul-24"); anything else is a warning, not a failure,
    and the text as written goes into `kept` (the page's legacy_values) when the caller gives one."""
    if value in (None, ""):
        return None
    raw = text(value)
    iso = raw[:10]
    for fmt in _DATE_FORMATS:
        candidate = iso if fmt == "%Y-%m-%d" else raw
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    if kept is None:
        warnings.append(f"{field_name}: '{raw}' is not a date; date left empty")
    else:
        kept[field_name] = raw
        warnings.append(f"{field_name}: '{raw}' is not a date; date left empty, the text kept in the record's "
                        f"legacy values (legacy_values.{field_name})")
    return None


def parse_month(value: str) -> date | None:
    """'Aug-25' -> 2025-08-01 (the plan's month-only dates)."""
    try:
        return datetime.strptime(value.strip(), "%b-%y").date()
    except ValueError:
        return None


def subjects(values: Any, warnings: list[str]) -> list[str]:
    """CBD-SUBJECT-* codes from a list or a comma separated string; 'ECOA+ECORES' means both codes.
    Codes are upper-cased (the data has both CBD-SUBJECT-SB8j and CBD-SUBJECT-SB8J)."""
    items = values if isinstance(values, list) else re.split(r"[,;]", str(values or ""))
    out: dict[str, None] = {}
    for item in items:
        raw = str(item).strip()
        if not raw.upper().startswith("CBD-SUBJECT-"):
            continue
        head, _, tail = raw.partition("CBD-SUBJECT-")
        for part in tail.split("+"):
            code = f"CBD-SUBJECT-{part.strip().upper()}"
            if SUBJECT_RE.fullmatch(code):
                out.setdefault(code, None)
            else:
                warnings.append(f"subject '{raw}' is not a CBD subject code; dropped")
    return list(out)


def gbf_target(value: Any) -> str | None:
    """17 or 'GBF-TARGET-17' -> 'GBF-TARGET-17'."""
    raw = str(value).strip().upper()
    match = re.fullmatch(r"(?:GBF-TARGET-)?(\d{1,2})", raw)
    return f"GBF-TARGET-{int(match.group(1)):02d}" if match and 1 <= int(match.group(1)) <= 23 else None


def legacy_path(url: str) -> str:
    """'https://www.cbd.int/meetings/COP-17' -> '/meetings/COP-17' (query kept); relative paths pass through."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return f"{path}?{parts.query}" if parts.query else path


def absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{LEGACY_HOST}{url if url.startswith('/') else '/' + url}"


TITLE_LIMIT = 255  # wagtail Page.title
TITLE_HARD_LIMIT = 2000  # longer than this is not a title but a data error


def fit_title(title: str, fields: dict[str, Any], warnings: list[str], keep_in: str = "summary") -> str:
    """Real legacy titles run past Wagtail's 255 characters: shorten at a word boundary and keep the full title
    in `keep_in` (when that field is empty) so no text is lost; absurd lengths are an error."""
    if len(title) <= TITLE_LIMIT:
        return title
    if len(title) > TITLE_HARD_LIMIT:
        raise MappingError(f"title is {len(title):,} characters (limit {TITLE_HARD_LIMIT:,}): not a title; "
                           f"fix the legacy record ('{title[:60]}…')")
    short = title[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    kept = f"full title kept in {keep_in}" if not fields.get(keep_in) else "full title not kept"
    if not fields.get(keep_in):
        fields[keep_in] = title
    warnings.append(f"title is {len(title)} characters; shortened to {len(short)}, {kept}")
    return short


def humanise_subject(code: str) -> str:
    """'CBD-SUBJECT-CPB-ART20-BCH' -> 'CPB ART20 BCH' (no labels exist in the data; an editor can rename)."""
    return code.removeprefix("CBD-SUBJECT-").replace("-", " ")


_BLOCK_NS = uuid.UUID("6c1e9f0a-3b8e-4a31-9d0b-7a4f1c2e5d60")


def block_id(identifier: str, position: int | str) -> str:
    """Stable StreamField block ids: wagtail-localize needs ids, and stable ones keep re-runs unchanged."""
    return str(uuid.uuid5(_BLOCK_NS, f"{identifier}#{position}"))


def stream(identifier: str, name: str, block_type: str, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"type": block_type, "id": block_id(identifier, f"{name}{i}"), "value": v} for i, v in enumerate(values)]
