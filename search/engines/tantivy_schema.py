"""Schema of the embedded (tantivy) index and the mapping from search documents to it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import tantivy

from identifiers import normalize_symbol
from search.analysis import STEMMED_LANGUAGES, WORDS, analysis_language, tokenizer_name
from search.engine import FACET_FIELDS, facet_values

#: Bump when the schema or analysis changes: an index built with another version is rebuilt empty
#: (the index is derived data; the sync command refills it).
SCHEMA_VERSION = "5"
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,200}")
KEYWORD_FIELDS = ("id", "identifier", "unit", "symbol_keys", "related", *sorted(set(FACET_FIELDS.values())))
STORED_ONLY = ("symbol", "url", "paragraph_code", "anchor", "checksum", "date")
NO_DATE = 10**9  # sorts undated records last in both directions, like Meilisearch


class InvalidDocument(ValueError):
    """A search document breaks docs/contracts.md (missing or malformed id)."""


def build_schema(extra_keywords: tuple[str, ...] = (), extra_stored: tuple[str, ...] = ()) -> tantivy.Schema:
    """The documents' schema; the count index (count_docs) adds its flags and stored source."""
    sb = tantivy.SchemaBuilder()
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, stored=name != "symbol_keys", fast=True, tokenizer_name="raw")
    sb.add_integer_field("page_id", stored=True, indexed=True, fast=True)
    sb.add_integer_field("date_desc", indexed=False, fast=True)
    sb.add_integer_field("date_asc", indexed=False, fast=True)
    for name in STORED_ONLY:
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("symbol_text", tokenizer_name=WORDS)
    sb.add_text_field("title_words", stored=True, tokenizer_name=WORDS)
    sb.add_text_field("text_words", stored=True, tokenizer_name=WORDS)
    for lang in STEMMED_LANGUAGES:
        sb.add_text_field(f"title_{lang}", tokenizer_name=tokenizer_name(lang))
        sb.add_text_field(f"text_{lang}", tokenizer_name=tokenizer_name(lang))
    for name in extra_keywords:  # last: the fields both schemas share keep their numbers
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    for name in extra_stored:  # kept, never searched
        sb.add_bytes_field(name, stored=True)
    return sb.build()


def symbol_keys(doc: Mapping[str, Any]) -> list[str]:
    """Normalised spellings a "symbol" lookup matches. A paragraph answers to its own code and symbols,
    not to its record's identifier, so looking up "cbd-08" finds the article rather than its paragraphs."""
    spellings = list(doc.get("symbols") or [])
    if doc.get("unit") == "paragraph":
        spellings.append(doc.get("paragraph_code") or "")
    else:
        spellings += [doc.get("identifier") or "", doc.get("symbol") or ""]
    return sorted({k for k in (normalize_symbol(s) for s in spellings if isinstance(s, str)) if k})


def date_number(date: Any) -> int | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(date or "")[:10])
    return int("".join(match.groups())) if match else None


def to_tantivy(doc: Mapping[str, Any]) -> tantivy.Document:
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not ID_PATTERN.fullmatch(doc_id):
        raise InvalidDocument(f"document id must match [A-Za-z0-9_-]+, got {doc_id!r}")
    out = tantivy.Document()
    out.add_text("id", doc_id)
    out.add_integer("page_id", int(doc.get("page_id") or 0))
    for name in ("identifier", "unit"):
        out.add_text(name, str(doc.get(name) or ""))
    for facet, field_name in FACET_FIELDS.items():
        for value in facet_values(doc, facet):
            out.add_text(field_name, value)
    for value in doc.get("related") or []:
        if isinstance(value, str) and value:
            out.add_text("related", value)
    for key in symbol_keys(doc):
        out.add_text("symbol_keys", key)
    for name in STORED_ONLY:
        if doc.get(name):
            out.add_text(name, str(doc[name]))
    day = date_number(doc.get("date"))
    out.add_integer("date_desc", day if day is not None else 0)
    out.add_integer("date_asc", -day if day is not None else -NO_DATE)
    symbols = [doc.get("identifier") or "", doc.get("symbol") or "", *(doc.get("symbols") or [])]
    out.add_text("symbol_text", " ".join(s for s in symbols if isinstance(s, str)))
    title, text = str(doc.get("title") or ""), str(doc.get("text") or "")
    out.add_text("title_words", title)
    out.add_text("text_words", text)
    lang = analysis_language(doc.get("language"), bool(doc.get("translated", True)))
    if lang in STEMMED_LANGUAGES:
        out.add_text(f"title_{lang}", title)
        out.add_text(f"text_{lang}", text)
    return out


def stored(doc: tantivy.Document) -> dict[str, Any]:
    """First value of each stored field (multi-valued facets keep their lists)."""
    raw = doc.to_dict()
    multi = {"meetings", "subjects", "gbf_targets", "related"}
    return {k: (v if k in multi else (v[0] if v else None)) for k, v in raw.items()}
