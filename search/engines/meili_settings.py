"""Meilisearch index settings, document shape and filter expressions (pure functions, no I/O)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from identifiers import LANGUAGES, normalize_symbol
from search.analysis import words_analyzer
from search.config import all_stopwords, stopwords, synonym_map
from search.engine import FACET_FIELDS, InvalidQuery
from search.engines.tantivy_schema import ID_PATTERN, InvalidDocument, date_number, symbol_keys

#: ISO 639-3 codes Meilisearch's localizedAttributes and `locales` expect.
LOCALES = {"ar": "ara", "en": "eng", "es": "spa", "fr": "fra", "ru": "rus", "zh": "cmn"}
MAX_QUERY_WORDS = 10  # Meilisearch only reads the first 10 words of a query
PRE, POST = "\ue000", "\ue001"  # private-use markers: highlights are escaped first, then turned into <mark>
FILTER_FIELDS = {**FACET_FIELDS, "identifier": "identifier", "symbol": "symbol_keys", "unit": "unit",
                 "page_id": "page_id", "id": "id", "related": "related"}
STORED = ("id", "page_id", "identifier", "type", "unit", "paragraph_code", "anchor", "symbol", "symbols", "title",
          "language", "translated", "meetings", "date", "subjects", "gbf_targets", "related", "status", "url",
          "checksum")


def title_fields() -> list[str]:
    return [f"title_{lang}" for lang in LANGUAGES]


def text_fields() -> list[str]:
    return [f"text_{lang}" for lang in LANGUAGES]


def index_settings(max_total_hits: int = 1000) -> dict[str, Any]:
    return {
        # Ranked: exact symbols first, then titles, then body text (the "attribute" ranking rule).
        "searchableAttributes": ["symbols", "identifier", "symbol", *title_fields(), *text_fields()],
        "filterableAttributes": sorted(set(FILTER_FIELDS.values())),
        "sortableAttributes": ["date_ts"],
        "synonyms": synonym_map(),
        "stopWords": all_stopwords(),
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
                          # 2024-031 must never match 2024-032: symbols are exact.
                          "disableOnAttributes": ["symbols", "identifier", "symbol"]},
        "localizedAttributes": [{"attributePatterns": [f"title_{lang}", f"text_{lang}"], "locales": [code]}
                                for lang, code in LOCALES.items()],
        "pagination": {"maxTotalHits": max_total_hits},
        "faceting": {"maxValuesPerFacet": 100},
    }


def to_meili(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The contract's search document as Meilisearch stores it: text under per-language attributes."""
    if not isinstance(doc.get("id"), str) or not ID_PATTERN.fullmatch(doc["id"]):
        raise InvalidDocument(f"document id must match [A-Za-z0-9_-]+, got {doc.get('id')!r}")
    out = {k: doc.get(k) for k in STORED}
    language = doc.get("language")
    # Untranslated fallbacks carry English text: index it where the English tokenizer reads it.
    lang = language if doc.get("translated", True) and language in LOCALES else "en"
    out[f"title_{lang}"] = doc.get("title") or ""
    out[f"text_{lang}"] = doc.get("text") or ""
    out["year"] = str(doc["year"]) if doc.get("year") not in (None, "") else None  # facet keys are strings
    out["symbol_keys"] = symbol_keys(doc)
    day = date_number(doc.get("date"))
    if day is not None:
        out["date_ts"] = day
    return out


def quote(value: Any) -> str:
    """A filter value as a double-quoted string with backslash and quote escaped."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_filter(filters: Mapping[str, list[str]]) -> list[str]:
    """Meilisearch filter array (ANDed): one `field IN [...]` per facet, every value quoted.

    Field names come from a fixed list, never from the request, and values are always quoted, so input
    such as `"a" OR type = x` stays a literal value.
    """
    parts = []
    for name, values in filters.items():
        field_name = FILTER_FIELDS.get(name)
        if field_name is None:
            raise InvalidQuery(f"unknown filter: {name}")
        values = [v for v in (values or []) if v is not None and str(v) != ""]
        if not values:
            continue
        if name == "symbol":
            values = [normalize_symbol(str(v)) for v in values]
        if name == "page_id":
            values = [v for v in values if str(v).lstrip("-").isdigit()] or ["-1"]
            parts.append(f"page_id IN [{', '.join(str(int(v)) for v in values)}]")
            continue
        parts.append(f"{field_name} IN [{', '.join(quote(v) for v in values)}]")
    return parts


def trim_query(q: str, lang: str | None) -> str:
    """Long questions: drop function words first so the 10 words Meilisearch reads carry meaning."""
    words = q.split()
    if len(words) <= MAX_QUERY_WORDS:
        return q
    stops = stopwords(lang or "en") | stopwords("en")
    kept = [w for w in words if not set(words_analyzer().analyze(w)) <= stops]
    return " ".join(kept or words)


def safe_highlight(formatted: str | None) -> str:
    """Escape a highlighted value, then turn our private markers into <mark> tags."""
    if not formatted:
        return ""
    return html.escape(formatted).replace(PRE, "<mark>").replace(POST, "</mark>")
