"""Count documents of the embedded engine: one per page (a record in one language), in an index of their own.

A count document holds the union of its page's documents (record, paragraphs, passages): their titles, texts,
symbols and facet values. The API's counts use the default match ("any"), a disjunction of word clauses, so a
page's count document matches exactly when one of its documents does, and the records matched are counted by
one value_count over count documents instead of listing every identifier matched more than once (measured ×0.05
of that listing at 100k records × 3 paragraphs). Where the union would count more than the documents:

- a facet whose values differ between the page's documents (an Aichi activity tagged with a GBF target its
  target is not): flag "mixed:<facet>", counted from the documents when that facet is filtered or counted;
- two pages of one language sharing an identifier: flag "shared", counted from the documents;
- a page written in part (upsert or delete of some of its documents): flag "dirty", no text, counted from
  the documents until the whole page is written again.

Documents are joined with two words no query holds, so a phrase (slop 1) never spans two of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import tantivy

from search.analysis import STEMMED_LANGUAGES, analysis_language
from search.engine import FACET_FIELDS, facet_values
from search.engines.tantivy_schema import build_schema, symbol_keys

SEPARATOR = " qqcountbreakqq qqcountbreakqq "
DIRTY = "dirty"
SHARED = "shared"


def mixed(facet: str) -> str:
    return f"mixed:{facet}"


def twin(language: str) -> str:
    """Flag of a page whose identifier also has a page in `language` (another language version)."""
    return f"twin:{language}"


def count_id(page_id: int) -> str:
    return f"count-{page_id}"


def build_count_schema() -> tantivy.Schema:
    return build_schema(extra_keywords=("flags",), extra_stored=("source",))


def merge_page(docs: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The union of one page's documents as a JSON-able dict (stored in the count document, so its flags can be
    rewritten without the page's documents)."""
    head = next((d for d in docs if d.get("unit") == "record"), docs[0])
    texts: dict[str, list[str]] = {}
    for d in docs:
        lang = analysis_language(d.get("language"), bool(d.get("translated", True)))
        texts.setdefault(lang or "", []).append(f"{d.get('title') or ''}{SEPARATOR}{d.get('text') or ''}")
    flags = [mixed(f) for f in FACET_FIELDS if len({tuple(sorted(facet_values(d, f))) for d in docs}) > 1]
    return {
        "page_id": int(head.get("page_id") or 0),
        "identifier": str(head.get("identifier") or ""),
        "titles": [str(d.get("title") or "") for d in docs],
        "texts": [str(d.get("text") or "") for d in docs],
        "stemmed": {lang: SEPARATOR.join(parts) for lang, parts in texts.items() if lang in STEMMED_LANGUAGES},
        "symbol_text": SEPARATOR.join(
            " ".join(
                s
                for s in [d.get("identifier") or "", d.get("symbol") or "", *(d.get("symbols") or [])]
                if isinstance(s, str)
            )
            for d in docs
        ),
        "symbol_keys": sorted({k for d in docs for k in symbol_keys(d)}),
        "facets": {f: sorted({v for d in docs for v in facet_values(d, f)}) for f in FACET_FIELDS},
        "flags": flags,
    }


def dirty_page(page_id: int, identifier: str, language: str) -> dict[str, Any]:
    """A page written in part: no text (never matched), counted from its documents."""
    return {
        "page_id": page_id,
        "identifier": identifier,
        "titles": [],
        "texts": [],
        "stemmed": {},
        "symbol_text": "",
        "symbol_keys": [],
        "facets": {"language": [language] if language else []},
        "flags": [DIRTY],
    }


def to_count_document(merged: Mapping[str, Any]) -> tantivy.Document:
    out = tantivy.Document()
    out.add_text("id", count_id(merged["page_id"]))
    out.add_integer("page_id", merged["page_id"])
    out.add_text("identifier", merged["identifier"])
    out.add_text("unit", "count")
    for facet, values in merged["facets"].items():
        for value in values:
            out.add_text(FACET_FIELDS[facet], value)
    for key in merged["symbol_keys"]:
        out.add_text("symbol_keys", key)
    for flag in merged["flags"]:
        out.add_text("flags", flag)
    out.add_text("symbol_text", merged["symbol_text"])
    out.add_text("title_words", SEPARATOR.join(merged["titles"]))
    out.add_text("text_words", SEPARATOR.join(merged["texts"]))
    for lang, text in merged["stemmed"].items():  # titles and texts alike: the query asks both for each word
        out.add_text(f"title_{lang}", text)
        out.add_text(f"text_{lang}", text)
    out.add_bytes("source", json.dumps(merged).encode())
    return out


def with_flag(merged: Mapping[str, Any], flag: str) -> dict[str, Any]:
    return {**merged, "flags": sorted({*merged["flags"], flag})}


def pages(docs: Iterable[Mapping[str, Any]]) -> dict[int, list[Mapping[str, Any]]]:
    out: dict[int, list[Mapping[str, Any]]] = {}
    for doc in docs:
        out.setdefault(int(doc.get("page_id") or 0), []).append(doc)
    return out
