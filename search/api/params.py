"""Parsing and validation of the /api/search/ query string.

Everything a client sends is either rejected with a message (400) or turned into plain values: filter values
are kept as exact strings and handed to the engine as data, never spliced into query syntax, so quotes,
backslashes, `OR`, parentheses or `type = x` can only ever match (or not match) a value literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.http import QueryDict

from identifiers import LANGUAGES, RECORD_TYPES
from ingest.normalize import normalize_query
from search.engine import SORTS
from search.retrieval.modes import DEFAULT_MODE, MODES

#: Query parameter -> facet/filter name of the engine (docs/contracts.md).
FILTER_PARAMS: tuple[str, ...] = ("type", "year", "meeting", "subject", "gbf_target", "language", "status")
MAX_Q_CHARS = 500  # longer text is a pasted document, not a query; the semantic path handles questions
MAX_Q_INPUT = 2000  # up to this is taken (and cut to MAX_Q_CHARS); beyond it the request is refused
MAX_VALUES = 20  # values per filter
MAX_VALUE_CHARS = 200
MAX_LIMIT = 100
MAX_DEPTH = 1000  # like the engines' maximum window: deeper pages are not served
_YEAR = re.compile(r"\d{4}")


class BadRequest(ValueError):
    """A parameter is invalid; the message is shown to the client, `parameter` names it (when one is to blame)."""

    def __init__(self, message: str, parameter: str | None = None, allowed: tuple[str, ...] | None = None):
        super().__init__(message)
        self.parameter, self.allowed = parameter, allowed

    def problem_fields(self) -> dict:
        fields: dict = {"parameter": self.parameter} if self.parameter else {}
        if self.allowed:
            fields["allowed"] = list(self.allowed)
        return fields


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    lang: str = "en"
    lang_given: bool = False
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    limit: int = 10
    sort: str = "relevance"
    mode: str = DEFAULT_MODE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def clean_text(value: str) -> str:
    """The query as indexed text is normalised (ingest.normalize: NUL and other control characters dropped, NFKC,
    visual-order Arabic restored), whitespace collapsed: "é" typed two ways, or "ﻉ" copied from a PDF, is one word."""
    return normalize_query(value)


def _int(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise BadRequest(f"{name} must be a whole number between {low} and {high}", name)
    value = int(raw)
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}", name)
    return value


def _choice(params: QueryDict, name: str, choices: tuple[str, ...], default: str) -> str:
    value = params.get(name, "").strip()
    if not value:
        return default
    if value not in choices:
        raise BadRequest(f"{name} must be one of: {', '.join(choices)}", name, choices)
    return value


def _filter_values(params: QueryDict, name: str) -> list[str]:
    """Repeated parameters (?type=a&type=b) are OR-ed; each value is an exact string."""
    values = [clean_text(v) for v in params.getlist(name)]
    values = list(dict.fromkeys(v for v in values if v))
    if len(values) > MAX_VALUES:
        raise BadRequest(f"at most {MAX_VALUES} values for {name}")
    if any(len(v) > MAX_VALUE_CHARS for v in values):
        raise BadRequest(f"a value of {name} is longer than {MAX_VALUE_CHARS} characters")
    closed = {"type": RECORD_TYPES, "language": LANGUAGES}.get(name)
    if closed is not None and (bad := [v for v in values if v not in closed]):
        raise BadRequest(f"unknown {name} {bad[0]!r}; expected one of: {', '.join(closed)}")
    if name == "year" and (bad := [v for v in values if not _YEAR.fullmatch(v)]):
        raise BadRequest(f"year must be four digits, got {bad[0]!r}")
    return values


def parse(params: QueryDict) -> SearchParams:
    raw_q = params.get("q", "")
    if len(raw_q) > MAX_Q_INPUT:
        raise BadRequest(f"q must be at most {MAX_Q_INPUT} characters (got {len(raw_q)})", "q")
    q = clean_text(raw_q)[:MAX_Q_CHARS]
    # An empty lang= is no choice (what a form sends): the default, English.
    lang_raw = params.get("lang", "").strip().lower()
    if lang_raw and lang_raw not in LANGUAGES:
        raise BadRequest(f"lang must be one of: {', '.join(LANGUAGES)} (got {lang_raw[:50]!r})", "lang",
                         tuple(LANGUAGES))
    filters = {name: values for name in FILTER_PARAMS if (values := _filter_values(params, name))}
    page = _int(params, "page", 1, 1, MAX_DEPTH)
    limit = _int(params, "limit", 10, 0, MAX_LIMIT)
    if page * limit > MAX_DEPTH:
        raise BadRequest(f"results beyond the first {MAX_DEPTH} are not served; refine the query")
    return SearchParams(q=q, lang=lang_raw or "en", lang_given=bool(lang_raw), filters=filters, page=page,
                        limit=limit, sort=_choice(params, "sort", SORTS, "relevance"),
                        mode=_choice(params, "mode", MODES, DEFAULT_MODE))
