"""Passage-sized chunks for retrieval that never cut across paragraphs unless one paragraph alone is too long."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any, Final

from ingest.document import Document, Paragraph

_SENTENCE_END: Final = re.compile(r"(?<=[.!?;。！？；])\s+")


@dataclass(frozen=True)
class Chunk:
    """One retrieval passage. `id` is a content hash (same input -> same id) made of [a-z0-9] only."""

    id: str
    text: str
    anchor: str | None  # anchor of the first paragraph in the chunk
    paragraph_label: str | None  # e.g. "3 (b)"; None for unnumbered text
    page: int | None
    ordinal: int
    section: str | None = None
    heading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def chunk(document: Document, max_chars: int = 1500) -> list[Chunk]:
    """Group consecutive paragraphs into chunks of at most `max_chars`.

    A paragraph starts a new chunk when adding it would overflow, when a new section begins, or when it is a
    numbered paragraph (so each chunk points at one citable paragraph and its sub-paragraphs). A single
    paragraph longer than `max_chars` is split at sentence ends and keeps its anchor in every piece.
    """
    groups: list[list[Paragraph]] = []
    for paragraph in document.paragraphs:
        if groups and _fits(groups[-1], paragraph, max_chars):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    pieces = [(group[0], text) for group in groups for text in _split(_join(group), max_chars)]
    return [_make(first, text, ordinal) for ordinal, (first, text) in enumerate(pieces)]


def _fits(group: list[Paragraph], paragraph: Paragraph, max_chars: int) -> bool:
    if paragraph.kind == "numbered" or paragraph.section != group[0].section or paragraph.heading != group[0].heading:
        return False
    return len(_join(group)) + 1 + len(paragraph.text) <= max_chars


def _join(group: list[Paragraph]) -> str:
    return "\n".join(p.text for p in group)


def _split(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    parts: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > max_chars:  # no sentence end in sight: hard cut
            if current:
                parts.append(current)
                current = ""
            parts.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if current and len(current) + 1 + len(sentence) > max_chars:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        parts.append(current)
    return parts


def _make(first: Paragraph, text: str, ordinal: int) -> Chunk:
    # Hash of anchor + text only: a paragraph that did not change keeps its id when the file is re-uploaded,
    # so the vector store re-embeds only what changed. Ids are unique within a document; callers that mix
    # documents prefix them with the record (e.g. "p{page_id}-{chunk.id}").
    digest = hashlib.sha256(f"{first.anchor}\x00{text}".encode()).hexdigest()[:24]
    return Chunk(
        id=f"c{digest}",
        text=text,
        anchor=first.anchor if first.number else None,
        paragraph_label=first.label or None,
        page=first.page,
        ordinal=ordinal,
        section=first.section,
        heading=first.heading,
    )
