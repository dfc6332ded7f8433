"""Display names of coded values in the six UN languages, kept as reviewed files (cms/taxonomy/labels/*.tsv).

The legacy exports carry codes only (CBD-SUBJECT-KMGBF, "confirmed", "meeting-document"); people need names.
The files are data, not code: terminology staff can correct them without touching Python, and the migration
(subject titles) and the public labels API (/api/labels/) read the same rows. Pure Python, no Django.
(identifiers.vocabulary lists which codes exist; this module says what they are called.)"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from identifiers import LANGUAGES

LABELS_DIR = Path(__file__).resolve().parent / "labels"
VOCABULARIES = {"subject": "subjects.tsv", "type": "record_types.tsv", "status": "statuses.tsv",
                "term": "term_labels.tsv"}


@dataclass(frozen=True)
class Name:
    """A display name and the language it is actually written in (English when the requested one is missing)."""

    text: str
    language: str


@cache
def vocabulary(kind: str) -> dict[str, dict[str, str]]:
    """code -> {language: name} for one vocabulary; comment lines start with '#', empty cells are absent."""
    path = LABELS_DIR / VOCABULARIES[kind]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    key = rows.fieldnames[0] if rows.fieldnames else "code"
    return {row[key].strip(): {lang: row[lang].strip() for lang in LANGUAGES if (row.get(lang) or "").strip()}
            for row in rows if row.get(key)}


def name(kind: str, code: str, language: str) -> Name | None:
    """The name of `code` in `language`, else in English; None when the vocabulary does not know the code."""
    names = vocabulary(kind).get(code)
    if not names:
        return None
    if language in names:
        return Name(names[language], language)
    return Name(names["en"], "en") if "en" in names else None

