"""Recognise the numbering at the start of a CBD text block, in the six UN languages.

CBD decisions and documents number paragraphs "1.", "12." (Arabic versions also "1-"), sub-paragraphs "(a)"
or "a)" (Arabic "(أ)"), sub-sub-items "(i)", sections "I. INTRODUCTION", "A. Title" (Arabic "ألف.",
Chinese "一、") and annexes "ANNEX I". Letters from other scripts are mapped to the Latin letter the English
version uses, so anchors agree across languages: Arabic (ب) and Latin (b) both give "para-3-b".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from identifiers import int_to_roman, is_roman

_PUNCT: Final = r"[.．\-–—)、]"
# Arabic abjad order, as UN Arabic documents letter sub-paragraphs: (أ) = (a), (ب) = (b), ...
ARABIC_LETTERS: Final = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
# Spelled-out Arabic section letters: "ألف." = "A.", "باء." = "B.", ...
ARABIC_SECTION_WORDS: Final = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام")
CHINESE_NUMERALS: Final = "一二三四五六七八九十"
_CYRILLIC_TO_LATIN: Final = str.maketrans("АВСЕНКМОРТХаесорху", "ABCEHKMOPTXaecopxy")

ANNEX_RE: Final = re.compile(
    r"^(?:ANNEXE?S?|Annexe?s?|ANEXO|Anexo|ПРИЛОЖЕНИЕ|Приложение|المرفق|附件)"
    r"(?:\s+([IVXLC]+|\d{1,2}|[A-Z]|[一二三四五六七八九十]+)\b)?\s*[.:]?\s*(.*)$",
    re.DOTALL,
)
_SECTION_VALUE: Final = (
    rf"[IVXLC]{{1,6}}|[A-Z]|[АВСЕНКМОРТХ]|{'|'.join(ARABIC_SECTION_WORDS)}|[{CHINESE_NUMERALS}]{{1,3}}"
)
SECTION_RE: Final = re.compile(rf"^({_SECTION_VALUE})\s*[.．、]\s*(\S.*)$", re.DOTALL)
NUMBER_RE: Final = re.compile(r"^(\d{1,3})\s*[.．\-–](?!\d)\s*(\S.*)$", re.DOTALL)
SUB_RE: Final = re.compile(
    rf"^(?:\(\s*([a-z]{{1,4}}|[а-яё]|[{ARABIC_LETTERS}])\s*\)|([a-z]|[а-яё])\))\s*(\S.*)$", re.DOTALL
)


@dataclass(frozen=True)
class Marker:
    """What the start of a block says it is; `value` is normalised (roman "III", letter "b")."""

    kind: str  # "annex" | "section" | "number" | "sub"
    value: str
    rest: str


def _latin_letter(letter: str) -> str:
    if letter in ARABIC_LETTERS:
        return chr(ord("a") + ARABIC_LETTERS.index(letter))
    return letter.translate(_CYRILLIC_TO_LATIN).lower()


def _section_value(raw: str) -> str:
    if raw in ARABIC_SECTION_WORDS:
        return chr(ord("A") + ARABIC_SECTION_WORDS.index(raw))
    if raw[0] in CHINESE_NUMERALS:
        number = sum(CHINESE_NUMERALS.index(ch) + 1 for ch in raw) if len(raw) > 1 else CHINESE_NUMERALS.index(raw) + 1
        return int_to_roman(number)
    return raw.translate(_CYRILLIC_TO_LATIN)


def _is_annex_heading(match: re.Match[str]) -> bool:
    """"ANNEX I", "Annex II. Indicators" are headings; "Annex I contains the list ..." is a sentence."""
    rest = match.group(2).strip()
    if not match.group(1):
        return not rest
    return len(rest) <= 150 and not re.search(r"[.;:,]$", rest)


def parse_marker(text: str) -> Marker | None:
    """The numbering marker at the start of `text`, or None for an unnumbered block."""
    text = text.lstrip()
    if (match := ANNEX_RE.match(text)) and _is_annex_heading(match):
        value = match.group(1) or ""
        if value and value[0] in CHINESE_NUMERALS:
            value = _section_value(value)
        return Marker("annex", value, match.group(2).strip())
    if match := NUMBER_RE.match(text):
        return Marker("number", match.group(1), match.group(2).strip())
    if match := SUB_RE.match(text):
        return Marker("sub", _latin_letter(match.group(1) or match.group(2)), match.group(3).strip())
    if match := SECTION_RE.match(text):
        raw = match.group(1)
        if raw[0] in "IVXLC" and not is_roman(raw):
            return None
        return Marker("section", _section_value(raw), match.group(2).strip())
    return None
