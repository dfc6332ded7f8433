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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from search.analysis import STEMMERS, fold, stem_analyzer, typo_budget
from search.config import CONFIG_DIR, stopwords

GLOSSARY = CONFIG_DIR / "glossary.tsv"
MIN_PREFIX_STEM = 5  # a one-word term matches longer forms only from this stem length ...
MAX_EXTRA_LETTERS = 3  # ... and only when the query word's stem is at most this much longer
ACCENTED = ("fr", "es")  # languages whose visitors often type without accents
MAX_ADDED = 6  # concepts added to one query: a long question should not turn into a list of glossary terms
_AR_AND_THE = ("وال", "فال")  # conjunction + article written as one word
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
    words: tuple[str, ...] = ()  # the key's words as written (folded), for typing mistakes the stemmer keeps


def _stem(token: str, lang: str) -> str:
    if lang == "ar" and token.startswith(_AR_AND_THE) and len(token) > len(_AR_AND_THE[0]) + 1:
        token = token[1:]  # "and the": the stemmer strips the article only, so "والتنوع" would miss "التنوع"
    stems = stem_analyzer(lang).analyze(token) if lang in STEMMERS else [fold(token)]
    return stems[0] if stems else fold(token)


def _words(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in _TOKEN.findall(text.lower()))


def term_key(text: str, lang: str) -> tuple[str, ...]:
    """How a term is compared in `lang`: stems without stop words, or the bare characters for Chinese."""
    if lang == "zh":
        normalised = unicodedata.normalize("NFC", text.lower())
        return tuple(ch for ch in normalised if not ch.isspace() and ch.isalnum())
    return tuple(_stem(t, lang) for t in _kept_tokens(text, lang))


def _kept_tokens(text: str, lang: str) -> list[str]:
    """The words of `text` that term_key stems in `lang` (stop words left out), in order."""
    stops = {fold(s) for s in stopwords(lang)}
    return [t for t in _TOKEN.findall(unicodedata.normalize("NFC", text.lower())) if fold(t) not in stops]


def parse_rows(text: str) -> list[dict[str, list[str]]]:
    """The concepts of a glossary file: per language, the variants of its cell. Rows: a header `en fr es ru ar
    zh`, then one concept per line with ` | `-separated variants per cell; `#` starts a comment line."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return []
    header = [h.strip() for h in lines[0].split("\t")]
    if "en" not in header:
        raise ValueError("glossary header must name the languages, English included")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != len(header):
            raise ValueError(f"glossary line {number}: {len(cells)} cells, expected {len(header)}")
        rows.append({lang: [v.strip() for v in cell.split("|") if v.strip()]
                     for lang, cell in zip(header, cells, strict=True)})
    return rows


@cache
def glossary_rows(path: Path = GLOSSARY) -> tuple[dict[str, list[str]], ...]:
    """The shipped glossary's concepts (read once per process)."""
    return tuple(parse_rows(path.read_text(encoding="utf-8"))) if path.is_file() else ()


def english_surface(variant: str) -> list[tuple[str, str]]:
    """(stem, word as written) of the words of an English variant, stop words left out."""
    return [(_stem(token, "en"), token) for token in _kept_tokens(variant, "en")]


def _keys(variant: str, lang: str) -> list[tuple[str, ...]]:
    """The variant's key, and for French and Spanish also the key of its words typed without accents: the
    Snowball stemmers read "menacees" and "menacées" differently, and many visitors leave accents out."""
    keys = [term_key(variant, lang)]
    if lang in ACCENTED:
        keys.append(term_key(fold(variant), lang))
    return [key for key in keys if key]


def parse_glossary(text: str) -> dict[str, list[_Entry]]:
    """Entries per language, longest first (the file's shape: `parse_rows`)."""
    rows = parse_rows(text)
    entries: dict[str, list[_Entry]] = {lang: [] for lang in (rows[0] if rows else {}) if lang != "en"}
    for row in rows:
        english_variants = row["en"]
        english_words = {_words(v) for v in english_variants}
        for lang in entries:
            for variant in row[lang]:
                # A term spelled as in English ("conservation") already matches the English text.
                if _words(variant) in english_words:
                    continue
                written = tuple(fold(t) for t in _kept_tokens(variant, lang))
                for key in dict.fromkeys(_keys(variant, lang)):
                    entries[lang].append(_Entry(key, english_variants[0], variant, written))
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


def _matches(by_first_word: dict[str, list[_Entry]], query: tuple[str, ...], extend: bool = True
             ) -> list[tuple[int, _Entry]]:
    """Every (start, entry) whose key occurs in the query, longest first; found through the entries' first
    word, so a query costs a few dictionary lookups whatever the glossary's size. A one-word term also matches
    a query word whose stem only lengthens it a little (`_stem_extends`)."""
    found = [(start, entry) for start, word in enumerate(query) for entry in by_first_word.get(word, ())
             if query[start:start + len(entry.key)] == entry.key]
    if extend:
        found += [(start, entry) for start, word in enumerate(query) for entry in _stem_extends(by_first_word, word)]
    return sorted(found, key=lambda match: (-len(match[1].key), match[0]))


def _stem_extends(by_first_word: dict[str, list[_Entry]], word: str) -> list[_Entry]:
    """One-word terms whose stem is the start of `word`'s, a few letters shorter: the Snowball stemmers leave
    some inflections and derived adjectives apart ("гендерный" -> гендерн, the term "гендер"), and a query in an
    inflected language should still reach the term. Short stems never match this way."""
    out: list[_Entry] = []
    for cut in range(1, MAX_EXTRA_LETTERS + 1):
        stem = word[:-cut]
        if len(stem) < MIN_PREFIX_STEM:
            break
        out += [entry for entry in by_first_word.get(stem, ()) if len(entry.key) == 1]
    return out


def _typo_matches(by_first_word: dict[str, list[_Entry]], query: tuple[str, ...], typed: Sequence[str],
                  skip: set[int] | None = None) -> list[tuple[int, _Entry]]:
    """Terms whose every word is within typing distance of the query's words at that place (1 edit from 5
    letters, 2 from 9, as the engines allow), as stems or as written (a typo can keep the stemmer from taking
    the ending off: "climatque" stems to climatqu, far from climat, but is one edit from "climatique"):
    "conaissances tradtionnelles" still reaches "traditional knowledge". Only the words no exact match took use
    them; a term is looked at only where its first word could be a mistyped query word (same initial)."""
    found = []
    for start, word in enumerate(query):
        if skip and start in skip:
            continue
        for first in _by_initial(id(by_first_word), by_first_word).get(word[:1], ()):
            for entry in by_first_word[first]:
                width = len(entry.key)
                if start + width <= len(query) and all(
                        _near(query[start + i], entry.key[i]) or _near_written(typed, start + i, entry.words, i)
                        for i in range(width)):
                    found.append((start, entry))
    return sorted(found, key=lambda match: (-len(match[1].key), match[0]))


def _near_written(typed: Sequence[str], at: int, words: tuple[str, ...], i: int) -> bool:
    return at < len(typed) and i < len(words) and _near(typed[at], words[i])


_INITIALS: dict[int, dict[str, list[str]]] = {}


def _by_initial(key: int, by_first_word: dict[str, list[_Entry]]) -> dict[str, list[str]]:
    """The glossary's first words grouped by initial (built once per language table)."""
    if key not in _INITIALS:
        grouped: dict[str, list[str]] = {}
        for first in by_first_word:
            grouped.setdefault(first[:1], []).append(first)
        _INITIALS[key] = grouped
    return _INITIALS[key]


def _near(typed: str, term: str) -> bool:
    """Within typing distance; the first letter must agree (few typos hit it, and it rules out most terms
    before any distance is computed)."""
    if typed == term:
        return True
    budget = typo_budget(min(typed, term, key=len))  # "plan" is not a mistyped "plant"
    return (bool(budget) and typed[:1] == term[:1] and abs(len(typed) - len(term)) <= budget
            and _distance(typed, term, budget) <= budget)


def _distance(a: str, b: str, cap: int) -> int:
    """Levenshtein distance, stopping early once every path exceeds `cap`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > cap:
            return cap + 1
        previous = current
    return previous[-1]


def _spans(q: str, source: str, path: Path, extend: bool = True) -> list[tuple[set[int], _Entry]]:
    """The glossary terms of `source` found in the query, longest first, no query word used twice (with typing
    mistakes forgiven in the words no term takes as typed)."""
    used: set[int] = set()
    out: list[tuple[set[int], _Entry]] = []
    entries, key = glossary(path).get(source, {}), term_key(q, source)
    _take(_matches(entries, key, extend), used, out)
    if extend and source != "zh" and len(used) < len(key):
        typed = [fold(t) for t in _kept_tokens(q, source)]
        _take(_typo_matches(entries, key, typed, skip=used), used, out)  # only the words left
    return out


def _take(matches: list[tuple[int, _Entry]], used: set[int], out: list[tuple[set[int], _Entry]]) -> None:
    """Add the matches whose words no earlier match took (in order: longest first)."""
    for start, entry in matches:
        span = set(range(start, start + len(entry.key)))
        if not used & span:
            used |= span
            out.append((span, entry))


@cache
def english_phrases(path: Path = GLOSSARY) -> frozenset[tuple[str, ...]]:
    """Every run of consecutive English stems inside an English variant of the glossary: the wordings English
    queries use for its concepts ("information", "focal point", "biodiversity finance")."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return frozenset()
    column = [h.strip() for h in lines[0].split("\t")].index("en")
    cells = [line.split("\t")[column] for line in lines[1:] if len(line.split("\t")) > column]
    keys = {term_key(variant, "en") for cell in cells for variant in cell.split("|")}
    return frozenset(key[i:j] for key in keys for i in range(len(key)) for j in range(i + 1, len(key) + 1))


def matched_words(q: str, source: str, path: Path = GLOSSARY) -> int:
    """How many words of the query lie inside a glossary term of `source` (language recognition's evidence;
    exact stems only: a lengthened stem is too weak a sign of the language). A term whose words are also
    English wording in the glossary, in the same order ("informations" for "information"), is no sign of
    French: "digital sequence information" stays English, "point focal national" is still French."""
    english, kept = english_phrases(path), _kept_tokens(q, source)
    words = 0
    for span, _ in _spans(q, source, path, extend=False):
        typed = tuple(_stem(kept[i], "en") for i in sorted(span) if i < len(kept))
        if typed not in english:
            words += len(span)
    return words


def translate(q: str, lang: str | None, path: Path = GLOSSARY, sources: Sequence[str] | None = None
              ) -> list[Translation]:
    """Glossary hits of the query, from `sources` (default: `lang` and the languages its script gives away)."""
    from search.understanding.glossary_words import partial_terms, word_translations

    found: list[Translation] = []
    words: list[Translation] = []
    for source in source_languages(q, lang) if sources is None else sources:
        spans = _spans(q, source, path)
        spans += partial_terms(q, source, set().union(*(span for span, _ in spans)), path)
        found += [Translation(source, entry.surface, entry.english) for _, entry in spans]
        words += word_translations(q, source, set().union(*(span for span, _ in spans)), path)
    found += words  # whole terms first: a word's own translation is the weaker reading
    unique = {t.english.lower(): t for t in reversed(found)}  # first hit kept per English wording
    return [t for t in found if unique[t.english.lower()] is t][:MAX_ADDED]


def expand(q: str, lang: str | None, path: Path = GLOSSARY, sources: Sequence[str] | None = None) -> Expanded:
    """The query as typed plus the English wording of every glossary term it contains; `sources` are the
    languages to translate from (search.understanding.language.recognise), else as for `translate`."""
    translations = translate(q, lang, path, sources) if q.strip() else []
    if not translations:
        return Expanded(q)
    # The typed text keeps its trailing space or not (search-as-you-type reads the last word as a prefix).
    added = " ".join(t.english for t in translations)
    return Expanded(f"{added} {q}", translations)
