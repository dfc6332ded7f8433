"""Passages: the units that are embedded and stored, built from search documents and ingest chunks.

A passage is what a semantic hit points at: a record's title + body, one decision/treaty paragraph, or one chunk
of an uploaded file. Its text is prefixed with the record title because short paragraphs ("(j) Subject to its
national legislation...") are ambiguous on their own and titles are the strongest signal a passage has.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# Bodies longer than this are split into windows: the model truncates its input (256 tokens for MiniLM, 512 for
# e5), so without windows the end of a long record would be invisible to semantic search.
MAX_WORDS = 180


class ChunkLike(Protocol):
    """What ``ingest.chunk(document)`` returns; any object with these attributes is accepted."""

    id: str
    text: str
    anchor: str | None
    paragraph_label: str | None
    page: int | None
    ordinal: int


@dataclass(frozen=True)
class Passage:
    id: str  # unique across the store; also the search-document id where the passage is one
    page_id: int
    identifier: str
    type: str
    language: str
    title: str
    text: str
    unit: str = "record"  # record | paragraph | chunk
    paragraph_code: str | None = None
    anchor: str | None = None
    page: int | None = None  # page of the source PDF, for chunks
    gbf_targets: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    date: str | None = None
    year: int | None = None
    status: str | None = None
    url: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def embed_text(self) -> str:
        """What the model sees: the title, then the body (unless the body is only the title)."""
        title, text = self.title.strip(), self.text.strip()
        if not text or text == title:
            return title
        if not title or text.startswith(title):
            return text
        return f"{title}. {text}" if not title.endswith((".", ":", "?", "!")) else f"{title} {text}"

    @property
    def text_checksum(self) -> str:
        """Changes only when the embedding input changes: the caller re-embeds exactly these passages."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()[:32]

    def payload(self, model_id: str) -> dict[str, Any]:
        body = {
            "passage_id": self.id,
            "page_id": self.page_id,
            "identifier": self.identifier,
            "type": self.type,
            "language": self.language,
            "title": self.title,
            "text": self.text,
            "unit": self.unit,
            "paragraph_code": self.paragraph_code,
            "anchor": self.anchor,
            "page": self.page,
            "gbf_targets": list(self.gbf_targets),
            "subjects": list(self.subjects),
            "meetings": list(self.meetings),
            "date": self.date,
            "year": self.year,
            "status": self.status,
            "url": self.url,
            "text_checksum": self.text_checksum,
            "model_id": model_id,
        }
        # The checksum covers the whole payload, so metadata-only edits (status, url) are detected too.
        body["checksum"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()[:32]
        return body


def _tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _common(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Record-level fields every passage of a document carries (so filters work on every passage)."""
    return {
        "page_id": int(doc["page_id"]),
        "identifier": str(doc["identifier"]),
        "type": str(doc["type"]),
        "language": str(doc.get("language") or "en"),
        "title": str(doc.get("title") or ""),
        "gbf_targets": _tuple(doc.get("gbf_targets")),
        "subjects": _tuple(doc.get("subjects")),
        "meetings": _tuple(doc.get("meetings")),
        "date": doc.get("date"),
        "year": doc.get("year"),
        "status": doc.get("status"),
        "url": str(doc.get("url") or ""),
    }


def split_words(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Split on sentence ends into windows of at most ``max_words`` words (a single long sentence is cut)."""
    sentences = [s for s in re.split(r"(?<=[.;:!?])\s+|\n{2,}", text.strip()) if s.strip()]
    windows: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        words = sentence.split()
        while len(words) > max_words:  # a run-on sentence (tables flattened to text)
            if current:
                windows.append(" ".join(current))
                current = []
            windows.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if current and len(current) + len(words) > max_words:
            windows.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        windows.append(" ".join(current))
    return windows


def passages_from_document(doc: Mapping[str, Any], max_words: int = MAX_WORDS) -> list[Passage]:
    """One passage per search document; long record bodies become several windows of the same record."""
    common = _common(doc)
    unit = str(doc.get("unit") or "record")
    base = {**common, "unit": unit, "paragraph_code": doc.get("paragraph_code"), "anchor": doc.get("anchor")}
    windows = split_words(str(doc.get("text") or ""), max_words) or [""]
    if len(windows) == 1:
        return [Passage(id=str(doc["id"]), text=windows[0], **base)]
    return [Passage(id=f"{doc['id']}-w{i:03d}", text=w, **base) for i, w in enumerate(windows)]


def passages_from_chunks(record: Mapping[str, Any], chunks: Iterable[ChunkLike]) -> list[Passage]:
    """Passages for the extracted text of a record's file; ids are scoped by page so chunk ids may repeat."""
    common = _common(record)
    return [
        Passage(
            id=f"p{common['page_id']}-chunk-{chunk.ordinal:05d}",
            text=chunk.text,
            unit="chunk",
            paragraph_code=chunk.paragraph_label,
            anchor=chunk.anchor,
            page=chunk.page,
            extra={"chunk_id": chunk.id},
            **common,
        )
        for chunk in chunks
        if chunk.text and chunk.text.strip()
    ]


def build_passages(
    documents: Sequence[Mapping[str, Any]],
    chunks: Mapping[int, Sequence[ChunkLike]] | None = None,
    *,
    include_fallbacks: bool = False,
) -> list[Passage]:
    """All passages of a record from its search documents and, per page id, the chunks of its file text.

    English fallback documents (``translated=False``) are skipped by default: they would duplicate the English
    vectors, and a multilingual model already matches a French query against the English passage.
    When a page has chunks, its record document keeps only its first window (title + summary) because the
    chunks carry the file's full text.
    """
    chunks = chunks or {}
    passages: list[Passage] = []
    for doc in documents:
        if not include_fallbacks and doc.get("translated") is False:
            continue
        own = passages_from_document(doc)
        page_chunks = chunks.get(int(doc["page_id"])) if doc.get("unit", "record") == "record" else None
        if page_chunks:
            passages.append(own[0])
            passages.extend(passages_from_chunks(doc, page_chunks))
        else:
            passages.extend(own)
    return passages
