"""The shapes extract() returns and chunk() consumes: plain dataclasses that serialise to JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Element:
    """One block of text as the partitioner saw it (a paragraph, heading, list item or table cell).

    `index` is the 1-based position of the block in the document ("paragraph number" in reading order);
    `type` is unstructured's category (Title, NarrativeText, ListItem, Table, ...); `page` is 1-based or
    None where the format has no pages (HTML, plain text, DOCX never laid out by Word).
    """

    index: int
    type: str
    text: str
    page: int | None


@dataclass(frozen=True)
class Paragraph:
    """A CBD paragraph: numbered ("3."), sub-paragraph ("(b)", "(ii)") or an unnumbered block.

    `number` is the parts of the CBD number ("3", "b") or empty for unnumbered text; `label` is how people cite
    it ("3 (b)"); `anchor` is a URL fragment unique within the document ("para-3-b"); `section` is the label of
    the heading above it ("A", "III", "Annex I", or the heading text when it has no number).
    """

    number: tuple[str, ...]
    label: str
    anchor: str
    text: str
    page: int | None
    section: str | None
    heading: str | None  # title of the nearest heading above, e.g. "Background"
    kind: str  # "numbered" | "subparagraph" | "text"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["number"] = list(self.number)
        return data


@dataclass(frozen=True)
class Section:
    """A heading that opens a part of the document: "I. INTRODUCTION", "A. Title", "Annex II", "Background"."""

    label: str | None  # "I", "A", "Annex II"; None for an unnumbered heading
    title: str
    anchor: str
    page: int | None
    level: int  # 0 annex, 1 roman chapter, 2 lettered section, 3 unnumbered heading


@dataclass
class Document:
    """Everything extract() learned from one file."""

    elements: list[Element]
    text: str
    paragraphs: list[Paragraph]
    sections: list[Section]
    language: str | None
    pages: int | None
    file_type: str  # "pdf" | "docx" | "html" | "text"
    checksum: str  # sha256 of the input bytes
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; Document.from_dict() restores it (used by extract_isolated)."""
        return {
            "file_type": self.file_type,
            "checksum": self.checksum,
            "language": self.language,
            "pages": self.pages,
            "text": self.text,
            "sections": [asdict(s) for s in self.sections],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "elements": [asdict(e) for e in self.elements],
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            elements=[Element(**e) for e in data["elements"]],
            text=data["text"],
            paragraphs=[Paragraph(**{**p, "number": tuple(p["number"])}) for p in data["paragraphs"]],
            sections=[Section(**s) for s in data["sections"]],
            language=data["language"],
            pages=data["pages"],
            file_type=data["file_type"],
            checksum=data["checksum"],
            meta=data.get("meta", {}),
        )
