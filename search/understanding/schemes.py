"""Words that name the framework a record belongs to ("of the Kunming-Montreal framework", "Aichi", "du cadre mondial
de la biodiversité", "ГРБ", "of the Nagoya Protocol"), in the six languages.

Beside a symbol they complete its name instead of asking for a topic: "Target 3 of the Kunming-Montreal
framework" names GBF target 3 just as "target 3" does, so the target comes first, not the workshops whose titles
happen to repeat the framework's name (search.retrieval.pipeline). The wording comes from the glossary's rows for
each framework (every variant in every language) plus the acronyms people type.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from search.analysis import fold
from search.understanding.crosslingual import GLOSSARY

#: framework -> the glossary concepts (first English variant of a row) that name it, and acronyms people type.
FRAMEWORKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "gbf": (("Kunming-Montreal Global Biodiversity Framework",), ("gbf", "kmgbf", "грб", "框架")),
    "aichi": (("Aichi Biodiversity Targets", "Strategic Plan for Biodiversity 2011-2020"), ("aichi", "strategic")),
    "cbd": (("Convention on Biological Diversity",), ("cbd", "cdb", "кбр")),
    "abs": (("Nagoya Protocol",), ("np", "abs")),
    "cpb": (("Cartagena Protocol on Biosafety",), ("cpb", "cp")),
}
_TYPES = {"gbf-goal": "gbf", "gbf-target": "gbf", "gbf-indicator": "gbf", "aichi-goal": "aichi",
          "aichi-target": "aichi"}
_TREATY_PREFIX = re.compile(r"^(cbd|abs|cpb)\b")
_TOKEN = re.compile(r"[^\W_]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def framework_of(record_type: str, identifier: str) -> str | None:
    """The framework a record belongs to: GBF and Aichi by type, a treaty and its articles by identifier."""
    if record_type in _TYPES:
        return _TYPES[record_type]
    if record_type in {"treaty", "treaty-article"} and (m := _TREATY_PREFIX.match(identifier.lower())):
        return m.group(1)
    return None


@cache
def _wording(framework: str, path: Path = GLOSSARY) -> tuple[frozenset[str], tuple[str, ...]]:
    """(folded words, Chinese phrases) of every variant, in every language, of the framework's glossary rows."""
    concepts, acronyms = FRAMEWORKS[framework]
    words, phrases = set(acronyms), [a for a in acronyms if _HAN.search(a)]
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        cells = line.split("\t")
        if line.startswith("#") or not cells or cells[0].split("|")[0].strip() not in concepts:
            continue
        for variant in (v.strip() for cell in cells for v in cell.split("|")):
            if _HAN.search(variant):
                phrases.append(variant)
            else:
                words.update(fold(t) for t in _TOKEN.findall(variant.lower()))
    return frozenset(fold(w) for w in words), tuple(sorted(set(phrases), key=len, reverse=True))


def without_framework_words(text: str, frameworks: set[str]) -> str:
    """`text` without the words naming any of `frameworks` (what is left is what the words ask about)."""
    for framework in sorted(frameworks):
        words, phrases = _wording(framework)
        for phrase in phrases:
            text = text.replace(phrase, " ")
        text = " ".join(t for t in _TOKEN.findall(text) if fold(t.lower()) not in words)
    return text
