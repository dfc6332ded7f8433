"""The one builder of search documents (docs/contracts.md), used by the lexical index and the vector store.

One document per published record and language, plus one per addressable paragraph (decisions, treaty
articles), so a hit can point to "paragraph 3 (b)"."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.conf import settings

from cms.core.models import RecordPage
from cms.core.visibility import is_public
from identifiers import symbol_variants
from ingest.normalize import normalize_text

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_PAGE_OF_DOCUMENT = re.compile(r"p(\d+)(?:-|$)")


def _symbol_variants(symbols: list[str]) -> list[str]:
    out: dict[str, None] = {}
    for symbol in symbols:
        if symbol:
            out.setdefault(symbol, None)
            for variant in symbol_variants(symbol):
                out.setdefault(variant, None)
    return list(out)


def _checksum(doc: dict[str, Any]) -> str:
    payload = json.dumps({k: v for k, v in doc.items() if k != "checksum"}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def base_document(page: RecordPage) -> dict[str, Any]:
    language = page.locale.language_code
    translated = language == settings.LANGUAGE_CODE or page.translation_status().get(language) in (
        "translated",
        "partial",
    )
    return {
        "id": f"p{page.pk}",
        "page_id": page.pk,
        "identifier": page.identifier,
        "type": page.record_type,
        "unit": "record",
        "paragraph_code": None,
        "anchor": None,
        "symbol": page.identifier,
        "symbols": _symbol_variants(page.search_symbols()),
        "title": page.search_title(),
        "text": page.search_text(),
        "language": language,
        "translated": translated,
        "meetings": list(page.meetings or []),
        "date": page.date.isoformat() if page.date else None,
        "year": page.date.year if page.date else None,
        "subjects": list(page.subjects or []),
        "gbf_targets": list(page.gbf_targets or []),
        "related": page.search_links(),
        "status": page.status or None,
        "url": page.url or page.frontend_url(),
    }


def paragraph_documents(page: RecordPage, record_doc: dict[str, Any]) -> list[dict[str, Any]]:
    docs = []
    for paragraph in page.search_paragraphs():
        label = paragraph.get("label") or paragraph.get("number") or ""
        heading = paragraph.get("heading") or f"paragraph {label}"
        docs.append(
            {
                **record_doc,
                "id": f"p{page.pk}-{_ID_UNSAFE.sub('_', paragraph['anchor'])}"[:500],
                "unit": "paragraph",
                "paragraph_code": paragraph["code"],
                "anchor": paragraph["anchor"],
                "symbols": [paragraph["code"]],
                "title": f"{record_doc['title']} — {heading}".strip(),
                "text": paragraph["text"],
                "gbf_targets": sorted(set(record_doc["gbf_targets"]) | set(paragraph.get("gbf_targets") or [])),
                "subjects": sorted(set(record_doc["subjects"]) | set(paragraph.get("subjects") or [])),
                "status": paragraph.get("status") or record_doc["status"],
            }
        )
    return docs


def build_documents(page: RecordPage) -> list[dict[str, Any]]:
    """Search documents for one locale's page; empty when the page must not be public."""
    page = page.specific
    if not isinstance(page, RecordPage) or not is_public(page):
        return []
    record_doc = base_document(page)
    docs = [record_doc, *paragraph_documents(page, record_doc)]
    for doc in docs:
        # The one normalisation of indexed text (ingest.normalize), the same the query path applies.
        doc["title"], doc["text"] = normalize_text(doc["title"] or ""), normalize_text(doc["text"] or "")
        doc["checksum"] = _checksum(doc)
    return docs


def page_of_document(doc_id: str) -> int | None:
    """The page a document (or a passage built from it) belongs to: ids start `p<page id>` (see base_document)."""
    match = _PAGE_OF_DOCUMENT.match(doc_id)
    return int(match.group(1)) if match else None
