"""Turn a flat list of extracted blocks into CBD structure: sections (headings, annexes) and coded paragraphs.

A numbered paragraph ("3.") opens; its lettered sub-paragraphs ("(b)") and their roman items ("(i)") get labels
like "3 (b) (i)" and anchors like "para-3-b-i". Unnumbered blocks that follow an open numbered paragraph are its
continuation (a paragraph split across pages or boxes); in a document without numbering each block is its own
paragraph. Headings close the open paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from ingest.document import Element, Paragraph, Section
from ingest.numbering import Marker, is_roman, parse_marker

_HEADING_END: Final = re.compile(r"[.;:,!?。；：，、]\s*$")
_CAPTION: Final = re.compile(r"^(Table|Figure|Box|Tableau|Cuadro|Gráfico|Таблица|Рисунок|الجدول|表|图)\s*\d", re.I)
_FURNITURE: Final = re.compile(
    r"^((UNEP/)?CBD/[A-Z0-9/.\-]+|(Page|Página|Страница|الصفحة)\s*\d+|第\s*\d+\s*页|\d{1,4}|-\s*\d{1,4}\s*-)$"
)
_SKIP_TYPES: Final = frozenset({"Header", "Footer", "PageNumber", "PageBreak", "Image", "Formula"})
_MAX_HEADING_CHARS: Final = 200
_ROMAN_SECTION_SINGLE: Final = frozenset({"I", "V", "X"})
_ROMAN_ITEM_SINGLE: Final = frozenset({"i", "v", "x"})


@dataclass
class _State:
    """Where the parser is: the open paragraph and the sections above it."""

    number: str | None = None
    sub: str | None = None
    item: str | None = None
    annex: str | None = None
    chapter: str | None = None
    letter: str | None = None
    heading: str | None = None
    numbered_seen: bool = False
    open: list[dict] = field(default_factory=list)  # paragraphs under construction


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def parse_structure(elements: list[Element]) -> tuple[list[Paragraph], list[Section]]:
    """Sections and paragraphs of a document, in reading order, with unique anchors."""
    state = _State()
    sections: list[Section] = []
    for element in elements:
        text = element.text.strip()
        if not text or element.type in _SKIP_TYPES or _FURNITURE.match(text):
            continue
        marker = parse_marker(text)
        section = _as_section(element, text, marker, state)
        if section is not None:
            sections.append(section)
            continue
        _add_paragraph(element, text, marker, state)
    return _finish(state.open), _unique_sections(sections)


def _as_section(element: Element, text: str, marker: Marker | None, state: _State) -> Section | None:
    """A Section when this block is a heading (updating the state), else None."""
    short = len(text) <= _MAX_HEADING_CHARS and "\n" not in text.strip()
    if marker is not None and marker.kind == "annex":
        state.annex, state.chapter, state.letter = f"Annex {marker.value}".strip(), None, None
        return _open_section(state, state.annex, marker.rest or state.annex, element.page, 0)
    if marker is not None and marker.kind == "section" and short and not _HEADING_END.search(text):
        if _is_roman_section(marker.value, state):
            state.chapter, state.letter = marker.value, None
            return _open_section(state, marker.value, marker.rest, element.page, 1)
        state.letter = marker.value
        return _open_section(state, marker.value, marker.rest, element.page, 2)
    if marker is None and _is_plain_heading(element, text):
        return _open_section(state, None, text, element.page, 3)
    return None


def _is_roman_section(value: str, state: _State) -> bool:
    if len(value) > 1:
        return is_roman(value)
    if value in _ROMAN_SECTION_SINGLE:
        # "I." right after section "H." is the ninth letter, not chapter one.
        return not (state.letter is not None and ord(value) == ord(state.letter) + 1)
    return False


def _is_plain_heading(element: Element, text: str) -> bool:
    """An unnumbered heading: a short Title-like line without closing punctuation, colon or caption prefix."""
    return (
        element.type == "Title"
        and len(text) <= _MAX_HEADING_CHARS
        and len(text.split()) <= 14
        and not _HEADING_END.search(text)
        and not re.search(r":\s", text)
        and not _CAPTION.match(text)
    )


def _open_section(state: _State, label: str | None, title: str, page: int | None, level: int) -> Section:
    state.number = state.sub = state.item = None
    state.heading = title
    parts = [state.annex, state.chapter, state.letter] if label else [title]
    anchor = "sec-" + slug("-".join(p for p in parts if p)) if label else "sec-" + slug(title)[:60]
    return Section(label=label, title=title, anchor=anchor, page=page, level=level)


def _section_label(state: _State) -> str | None:
    return state.letter or state.chapter or state.annex


def _add_paragraph(element: Element, text: str, marker: Marker | None, state: _State) -> None:
    if marker is not None and marker.kind == "number":
        state.number, state.sub, state.item, state.numbered_seen = marker.value, None, None, True
        _push(state, element, text, kind="numbered")
        return
    if marker is not None and marker.kind == "sub":
        _place_sub(marker.value, state)
        _push(state, element, text, kind="subparagraph")
        return
    if state.open and state.number is not None:
        state.open[-1]["text"] += "\n" + text  # continuation of the open numbered paragraph
        return
    _push(state, element, text, kind="text")


def _place_sub(value: str, state: _State) -> None:
    """Decide whether "(i)" is roman item i or letter i (which follows "(h)"), and update the state."""
    letter_follows = state.sub is not None and len(value) == 1 and ord(value) == ord(state.sub) + 1
    roman = value in _ROMAN_ITEM_SINGLE if len(value) == 1 else is_roman(value)  # "(c)" is a letter, not 100
    if roman and state.sub is not None and not letter_follows:
        state.item = value
    else:
        state.sub, state.item = value, None


def _push(state: _State, element: Element, text: str, kind: str) -> None:
    if kind == "text":
        number: tuple[str, ...] = ()
    else:
        number = tuple(p for p in (state.number, state.sub, state.item) if p is not None)
    state.open.append(
        {"number": number, "text": text, "page": element.page, "kind": kind, "section": _section_label(state),
         "annex": state.annex, "heading": state.heading, "index": element.index}
    )


def _finish(raw: list[dict]) -> list[Paragraph]:
    """Labels and anchors; anchors are qualified by annex, then by section, only where plain ones would clash."""
    base = [_anchor(p["number"], p["index"]) for p in raw]
    anchors = [f"{slug(p['annex'])}-{a}" if p["annex"] and p["number"] else a for p, a in zip(raw, base, strict=True)]
    if len(set(anchors)) < len(anchors):
        anchors = [
            a.replace("para-", f"para-{slug(p['section'])}-", 1)
            if p["section"] and p["number"] and p["section"] != p["annex"]
            else a
            for p, a in zip(raw, anchors, strict=True)
        ]
    seen: dict[str, int] = {}
    paragraphs = []
    for p, anchor in zip(raw, anchors, strict=True):
        seen[anchor] = seen.get(anchor, 0) + 1
        unique = anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}"
        paragraphs.append(
            Paragraph(number=p["number"], label=_label(p["number"]), anchor=unique, text=p["text"], page=p["page"],
                      section=p["section"], heading=p["heading"], kind=p["kind"])
        )
    return paragraphs


def _label(number: tuple[str, ...]) -> str:
    if not number:
        return ""
    head = number[0] if number[0].isdigit() else f"({number[0]})"
    return head + "".join(f" ({part})" for part in number[1:])


def _anchor(number: tuple[str, ...], index: int) -> str:
    if not number:
        return f"block-{index}"
    return "para-" + "-".join(slug(part) for part in number)


def _unique_sections(sections: list[Section]) -> list[Section]:
    seen: dict[str, int] = {}
    out = []
    for section in sections:
        seen[section.anchor] = seen.get(section.anchor, 0) + 1
        count = seen[section.anchor]
        out.append(section if count == 1 else replace(section, anchor=f"{section.anchor}-{count}"))
    return out
