"""The treaty texts in Markdown (statengeneraal/laws-markdown, English part): `### Article  N`, `####Title`,
numbered paragraphs "1.", lettered sub-paragraphs "a)" / "a.", annexes (`### Annex  II`, `###PART 1`).

Quirks handled: the Dutch status lines of the source ("Treedt in werking ...") are dropped; the source
repository's relative links are replaced by their text; the Convention's Annex II restarts article numbers in
each part (arbitration, conciliation), so each part becomes one page (cbd-annex-ii-01, cbd-annex-ii-02) whose
numbered paragraphs are that part's articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from identifiers import int_to_roman
from migration.spec import LegacyItem

TREATIES = {
    "convention-on-biological-diversity": ("cbd", "Convention on Biological Diversity", "CBD", "1992-06-05"),
    "cartagena-protocol-on-biosafety": ("cpb", "Cartagena Protocol on Biosafety", "Cartagena Protocol", "2000-01-29"),
    "nagoya-protocol-on-access-and-benefit-sharing": (
        "abs", "Nagoya Protocol on Access and Benefit-sharing", "Nagoya Protocol", "2010-10-29"),
}
DUTCH_LINE = re.compile(r"^\s*(Treedt in werking|In werking getreden|Datum inwerkingtreding)\b", re.I)
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
ARTICLE = re.compile(r"^###\s*Article\s+(\d+)\s*$", re.I)
ANNEX = re.compile(r"^###\s*Annex\s*([IVX]+|\d+)?\s*$", re.I)
PART = re.compile(r"^###\s*PART\s+(\d+)\s*$", re.I)
HEADED_NUMBER = re.compile(r"^###\s*(\d+)\s*$")
SUBHEADING = re.compile(r"^###\s*(.+?)\s*$")
TITLE = re.compile(r"^####\s*(.+?)\s*$")
NUMBERED = re.compile(r"^(\d{1,2})\.\s*(\S.*)$")
LETTERED = re.compile(r"^([a-z]|[ivx]{2,5})[.)]\s*(\S.*)$")


def clean(line: str) -> str:
    """Link text instead of links, no emphasis marks, single spaces."""
    line = LINK.sub(lambda m: m.group(1).strip(), line)
    return " ".join(line.replace("*", "").split())


@dataclass
class Unit:
    """An article, an annex, or a part of an annex: one TreatyArticlePage."""

    identifier: str
    number: str
    kind: str
    title: str = ""
    paragraphs: list[dict[str, Any]] = field(default_factory=list)

    def add_line(self, line: str) -> None:
        numbered, lettered = NUMBERED.match(line), LETTERED.match(line)
        if numbered:
            self.paragraphs.append({"number": numbered.group(1), "text": numbered.group(2), "subparagraphs": []})
        elif lettered:
            if not self.paragraphs:
                self.paragraphs.append({"number": "", "text": "", "subparagraphs": []})
            self.paragraphs[-1]["subparagraphs"].append({"letter": lettered.group(1), "text": lettered.group(2)})
        else:
            self.paragraphs.append({"number": "", "text": line, "subparagraphs": []})


@dataclass
class AnnexPartArticle:
    """An article inside an annex part: becomes one numbered paragraph of the part's page."""

    unit: Unit
    number: str

    def add_line(self, line: str) -> None:
        paragraphs = self.unit.paragraphs
        if not paragraphs or paragraphs[-1]["number"] != self.number:
            paragraphs.append({"number": self.number, "text": "", "subparagraphs": []})
        current = paragraphs[-1]
        numbered, lettered = NUMBERED.match(line), LETTERED.match(line)
        if numbered or lettered:
            match = numbered or lettered
            current["subparagraphs"].append({"letter": match.group(1), "text": match.group(2)})
        else:
            current["text"] = f"{current['text']} {line}".strip()


def _roman(value: str | None) -> str:
    if not value:
        return "i"
    return int_to_roman(int(value)).lower() if value.isdigit() else value.lower()


class TreatyParser:
    def __init__(self, code: str) -> None:
        self.code = code
        self.title = ""
        self.preamble: list[str] = []
        self.closing: list[str] = []
        self.units: list[Unit] = []
        self.target: Unit | AnnexPartArticle | None = None
        self.annex: str | None = None
        self.part: Unit | None = None
        self.in_articles = False

    def feed(self, raw: str) -> None:
        if DUTCH_LINE.match(raw):
            return
        line = clean(raw)
        if not line:
            return
        for pattern, handler in ((ARTICLE, self._article), (ANNEX, self._annex), (PART, self._part),
                                 (HEADED_NUMBER, self._headed_number), (TITLE, self._title),
                                 (SUBHEADING, self._subheading)):
            match = pattern.match(line)
            if match:
                handler(match)
                return
        self._text(line)

    def _article(self, match: re.Match[str]) -> None:
        number = match.group(1)
        if self.part is not None:
            self.target = AnnexPartArticle(self.part, number)
            return
        self.in_articles = True
        unit = Unit(f"{self.code}-{int(number):02d}", number, "article")
        self.units.append(unit)
        self.target = unit

    def _annex(self, match: re.Match[str]) -> None:
        self.annex, self.part = _roman(match.group(1)), None
        unit = Unit(f"{self.code}-annex-{self.annex}", f"Annex {self.annex.upper()}", "annex")
        self.units.append(unit)
        self.target = unit

    def _part(self, match: re.Match[str]) -> None:
        annex_unit = self.units.pop() if self.units and self.units[-1].number == f"Annex {self.annex.upper()}" \
            and not self.units[-1].paragraphs else None
        number = int(match.group(1))
        named = f" ({annex_unit.title})" if annex_unit and annex_unit.title else ""
        prefix = f"Annex {self.annex.upper()}{named}, "
        self.part = Unit(f"{self.code}-annex-{self.annex}-{number:02d}",
                         f"Annex {self.annex.upper()} Part {number}", "annex", title=prefix)
        self.units.append(self.part)
        self.target = self.part

    def _headed_number(self, match: re.Match[str]) -> None:
        if isinstance(self.target, Unit):
            self.target.paragraphs.append({"number": match.group(1), "text": "", "subparagraphs": []})

    def _title(self, match: re.Match[str]) -> None:
        title = match.group(1).strip()
        if not self.title:
            self.title = title
        elif self.target is self.part and self.part is not None and not self.part.paragraphs:
            self.part.title = f"{self.part.title}Part {self.part.number.rsplit(' ', 1)[-1]}: {title.capitalize()}"
        elif isinstance(self.target, Unit) and not self.target.title:
            self.target.title = title if not title.isupper() else title.capitalize()

    def _subheading(self, match: re.Match[str]) -> None:
        self._text(match.group(1))

    def _text(self, line: str) -> None:
        if self.target is None:
            self.preamble.append(line.removeprefix("Preamble").strip())
            return
        last = self.target.paragraphs[-1] if isinstance(self.target, Unit) and self.target.paragraphs else None
        if last is not None and last["number"] and not last["text"] and not last["subparagraphs"]:
            last["text"] = line  # the text under an annex's "### 1" heading
            return
        if line.upper().startswith(("IN WITNESS", "IN WITTNESS", "DONE AT")) and not self.annex:
            self.closing.append(line)
            return
        self.target.add_line(line)


def parse_treaty(text: str, code: str) -> TreatyParser:
    parser = TreatyParser(code)
    for raw in text.splitlines():
        parser.feed(raw)
    return parser


def read_treaty(path: Path) -> Iterator[LegacyItem]:
    """One item for the treaty, then one per article/annex page."""
    stem = path.name.split(".", 1)[0]
    source = f"treaties/{path.name}"
    if stem not in TREATIES:
        yield LegacyItem("treaty", source, 0, error=f"unknown treaty file '{path.name}' (expected one of "
                                                    f"{', '.join(sorted(TREATIES))})")
        return
    code, title, short_title, adopted = TREATIES[stem]
    try:
        parser = parse_treaty(path.read_text(encoding="utf-8"), code)
    except (OSError, UnicodeDecodeError) as exc:
        yield LegacyItem("treaty", source, 0, error=f"cannot read {path.name}: {exc}")
        return
    yield LegacyItem("treaty", source, 0, data={
        "code": code, "title": title, "short_title": short_title, "adopted": adopted, "file": path.name,
        "preamble": " ".join(parser.preamble), "closing": " ".join(parser.closing)})
    for position, unit in enumerate(parser.units, start=1):
        yield LegacyItem("treaty-article", source, position, data={
            "treaty": code, "file": path.name, "identifier": unit.identifier, "number": unit.number,
            "kind": unit.kind, "title": unit.title.rstrip(", ") or unit.number, "paragraphs": unit.paragraphs})


def article_paragraphs(text: str, code: str) -> Iterator[tuple[Unit, list[tuple[str, str]]]]:
    """The main articles of a treaty text (annexes left out) with their addressable paragraphs as (label, text):
    "7" for a numbered paragraph, "7/a" or "j" for a lettered one, as the CMS codes them (the source repeats a few
    labels: the first keeps it). For corpora built without the CMS (engine benchmarks and tests), so they read the
    treaties exactly as the migration does."""
    for unit in parse_treaty(text, code).units:
        if unit.kind != "article":
            continue
        labelled: dict[str, str] = {}
        for paragraph in unit.paragraphs:
            number = paragraph["number"]
            if number:
                labelled.setdefault(number, paragraph["text"])
            for sub in paragraph["subparagraphs"]:
                labelled.setdefault(f"{number}/{sub['letter']}" if number else sub["letter"], sub["text"])
        yield unit, list(labelled.items())
