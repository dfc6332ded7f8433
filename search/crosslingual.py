"""Cross-language query translation through the CBD glossary (search/config/glossary.tsv).

Most of what the CBD publishes exists in English only (the legacy "translations" are copies), so a query in
French, Spanish, Russian, Arabic or Chinese would match little but cognates. The glossary holds the CBD's own
terminology in the six UN languages; a query term found in it brings its English wording into the query, beside
the words as typed (which still match real translations). Dictionary translation is used rather than a machine
translation model because it runs offline in microseconds, cannot invent meaning, and its output is the CBD's
official terminology, which is what the English records say. Both engines and every mode see the same text.

Matching is on stems with stop words removed ("financement de la biodiversité" matches "financement
biodiversité"); Chinese, which has no word breaks, is matched as a substring. Longer terms win over the shorter
terms inside them, and each query word is translated at most once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from search.analysis import STEMMERS, fold, stem_analyzer
from search.config import CONFIG_DIR, stopwords

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
GLOSSARY = CONFIG_DIR / "glossary.tsv"
MAX_ADDED = 6  # concepts added to one query: a long question should not turn into a list of glossary terms
_TOKEN = re.compile(r"[^\W_]+")
_SCRIPTS = (("ru", re.compile(r"[\u0400-\u04ff]")), ("ar", re.compile(r"[\u0600-\u06ff]")),
            ("zh", re.compile(r"[\u3400-\u9fff]")))


@dataclass(frozen=True)
class Translation:
    """One glossary hit: the words of the query and the English wording added for them."""

    language: str
    matched: str
    english: str


@dataclass
class Expanded:
    text: str
    translations: list[Translation] = field(default_factory=list)

    def as_dict(self) -> list[dict[str, str]]:
        return [t.__dict__ for t in self.translations]


@dataclass(frozen=True)
class _Entry:
    key: tuple[str, ...]
    english: str
    surface: str


def _stem(token: str, lang: str) -> str:
    stems = stem_analyzer(lang).analyze(token) if lang in STEMMERS else [fold(token)]
    return stems[0] if stems else fold(token)


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in _TOKEN.findall(text.lower()))


def term_key(text: str, lang: str) -> tuple[str, ...]:
    """How a term is compared in `lang`: stems without stop words, or the bare characters for Chinese."""
    normalised = unicodedata.normalize("NFC", text.lower())
    if lang == "zh":
        return tuple(ch for ch in normalised if not ch.isspace() and ch.isalnum())
    stops = {fold(s) for s in stopwords(lang)}
    return tuple(_stem(t, lang) for t in _TOKEN.findall(normalised) if fold(t) not in stops)


def parse_glossary(text: str) -> dict[str, list[_Entry]]:
    """Entries per language, longest first. Rows: a header `en fr es ru ar zh`, then one concept per line with
    ` | `-separated variants per cell; `#` starts a comment line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return {}
    header = [h.strip() for h in lines[0].split("\t")]
    if "en" not in header:
        raise ValueError("glossary header must name the languages, English included")
    entries: dict[str, list[_Entry]] = {lang: [] for lang in header if lang != "en"}
    for number, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != len(header):
            raise ValueError(f"glossary line {number}: {len(cells)} cells, expected {len(header)}")
        row = dict(zip(header, cells, strict=True))
        english_variants = [v.strip() for v in row["en"].split("|") if v.strip()]
        english_words = {_words(v) for v in english_variants}
        for lang in entries:
            for variant in (v.strip() for v in row[lang].split("|")):
                key = term_key(variant, lang)
                # A term spelled as in English ("conservation") already matches the English text.
                if key and _words(variant) not in english_words:
                    entries[lang].append(_Entry(key, english_variants[0], variant))
    for lang_entries in entries.values():
        lang_entries.sort(key=lambda e: -len(e.key))
    return entries


@cache
def glossary(path: Path = GLOSSARY) -> dict[str, dict[str, list[_Entry]]]:
    """Per language, the entries under the first word of their key (the file is read once per process)."""
    entries = parse_glossary(path.read_text(encoding="utf-8")) if path.is_file() else {}
    indexed: dict[str, dict[str, list[_Entry]]] = {}
    for lang, lang_entries in entries.items():
        for entry in lang_entries:
            indexed.setdefault(lang, {}).setdefault(entry.key[0], []).append(entry)
    return indexed


def source_languages(q: str, lang: str | None) -> list[str]:
    """The languages the query may be in: the one asked for, and any the script gives away (Cyrillic, Arabic,
    Han), so a Russian query typed on the English site is still understood. Latin-script queries are only read
    as French or Spanish when that language is asked for: English words would otherwise be 'translated'."""
    found = [lang] if lang and lang != "en" else []
    found += [code for code, script in _SCRIPTS if script.search(q)]
    return list(dict.fromkeys(found))


def _matches(by_first_word: dict[str, list[_Entry]], query: tuple[str, ...]) -> list[tuple[int, _Entry]]:
    """Every (start, entry) whose key occurs in the query, longest first; found through the entries' first
    word, so a query costs a few dictionary lookups whatever the glossary's size."""
    found = [(start, entry) for start, word in enumerate(query) for entry in by_first_word.get(word, ())
             if query[start:start + len(entry.key)] == entry.key]
    return sorted(found, key=lambda match: (-len(match[1].key), match[0]))


def translate(q: str, lang: str | None, path: Path = GLOSSARY) -> list[Translation]:
    found: list[Translation] = []
    entries = glossary(path)
    for source in source_languages(q, lang):
        used: set[int] = set()
        for start, entry in _matches(entries.get(source, {}), term_key(q, source)):
            span = set(range(start, start + len(entry.key)))
            if used & span:
                continue
            used |= span
            found.append(Translation(source, entry.surface, entry.english))
    unique = {t.english.lower(): t for t in reversed(found)}  # first hit kept per English wording
    return [t for t in found if unique[t.english.lower()] is t][:MAX_ADDED]


def expand(q: str, lang: str | None, path: Path = GLOSSARY) -> Expanded:
    """The query as typed plus the English wording of every glossary term it contains."""
    translations = translate(q, lang, path) if q.strip() else []
    if not translations:
        return Expanded(q)
    # The typed text keeps its trailing space or not (search-as-you-type reads the last word as a prefix).
    added = " ".join(t.english for t in translations)
    return Expanded(f"{added} {q}", translations)
