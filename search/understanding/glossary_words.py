"""Word-by-word translation learnt from the CBD glossary's own rows, for the words no glossary term covers.

The glossary (search/config/glossary.tsv) translates whole terms. A query phrased differently from every term
("национальные стратегии и планы действий в области биоразнообразия" against the row's "… по сохранению
биоразнообразия", "subventions néfastes" for a concept the glossary lacks) would otherwise keep words that match
nothing in the English records. Across its ~600 rows the same foreign word and the same English word keep
appearing together (биоразнообразие/biodiversity in 42 rows, стратегии/strategies, subventions/subsidies), so a
word table is learnt from the rows themselves by co-occurrence (the Dice coefficient of the rows each appears
in), the way a translation lexicon is aligned from a parallel corpus. It needs no model and no data beyond the
glossary, so it only ever says what the CBD's own terminology says. Chinese has no word breaks: its words are
the character pairs of a run (生物, 多样, 样性).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from search.analysis import fold
from search.understanding.crosslingual import (
    GLOSSARY,
    Translation,
    _Entry,
    _kept_tokens,
    _stem,
    english_surface,
    glossary,
    glossary_rows,
    term_key,
)

MIN_ROWS = 2  # a pairing seen in one row only is as likely to be a neighbouring word of the term
MIN_DICE = 0.5  # the two words must share at least half of the rows either appears in
MIN_WORD = 3  # shorter stems (particles, clitics, "до", "de") carry no concept of their own


def zh_pairs(chars: Iterable[str]) -> list[str]:
    """Chinese 'words' for the table: every pair of adjacent characters."""
    run = list(chars)
    return [run[i] + run[i + 1] for i in range(len(run) - 1)]


def _foreign_words(variant: str, lang: str) -> set[str]:
    key = term_key(variant, lang)
    if lang == "zh":
        return set(zh_pairs(key))
    return {w for w in key if len(w) >= MIN_WORD and not w.isdigit()}


def _english_words(variant: str) -> list[tuple[str, str]]:
    """(stem, word as written) of each English word of a variant."""
    return [pair for pair in english_surface(variant) if len(pair[0]) >= MIN_WORD and not pair[0].isdigit()]


@cache
def word_table(lang: str, path: Path = GLOSSARY) -> dict[str, str]:
    """Foreign stem (or Chinese character pair) -> the English word that goes with it through the glossary."""
    rows_of: Counter[str] = Counter()
    english_rows: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    written: dict[str, Counter[str]] = {}
    for row in glossary_rows(path):
        if lang not in row:
            continue
        foreign = set().union(*(_foreign_words(v, lang) for v in row[lang]))
        english: set[str] = set()
        for variant in row["en"]:
            for stem, word in _english_words(variant):
                english.add(stem)
                written.setdefault(stem, Counter())[word] += 1
        rows_of.update(foreign)
        english_rows.update(english)
        together.update((f, e) for f in foreign for e in english)
    best: dict[str, tuple[float, int, str]] = {}
    for (f, e), n in together.items():
        dice = 2 * n / (rows_of[f] + english_rows[e])
        if n >= MIN_ROWS and dice >= MIN_DICE and (dice, n) > best.get(f, (0.0, 0, ""))[:2]:
            best[f] = (dice, n, e)
    return {f: written[e].most_common(1)[0][0] for f, (_, _, e) in best.items()}


def word_translations(q: str, source: str, covered: set[int], path: Path = GLOSSARY) -> list[Translation]:
    """The English word of every query word outside a matched term (`covered`: positions in `term_key`) that
    the word table knows; a Chinese run is read as adjacent pairs, left to right, a found pair taking both
    its characters."""
    table = word_table(source, path)
    key = term_key(q, source)
    found: list[Translation] = []
    if source == "zh":
        i = 0
        while i < len(key) - 1:
            pair = key[i] + key[i + 1]
            if not {i, i + 1} & covered and pair in table:
                found.append(Translation(source, pair, table[pair]))
                i += 2
            else:
                i += 1
        return found
    typed = _kept_tokens(q, source)
    for i, stem in enumerate(key):
        word = typed[i] if i < len(typed) else stem
        if i not in covered and (english := table.get(stem)) and not _same_in_english(word, english):
            found.append(Translation(source, word, english))
    return found


def _same_in_english(typed: str, english: str) -> bool:
    """A word written as its English translation ("protocol", "article") already matches the English records:
    adding it again would only weigh it double."""
    return _stem(fold(typed), "en") == _stem(english, "en")


MIN_PARTIAL_WORDS = 3  # a two-word term missing one word is a different concept ("national report", "national park")
PARTIAL_SHARE = 2 / 3  # the share of a term's words the query must hold


@cache
def _terms_by_word(lang: str, path: Path) -> dict[str, list[_Entry]]:
    """The glossary's terms of three words or more, under each of their words."""
    by_word: dict[str, list[_Entry]] = {}
    for entries in glossary(path).get(lang, {}).values():
        for entry in entries:
            if len(entry.key) >= MIN_PARTIAL_WORDS:
                for word in set(entry.key):
                    by_word.setdefault(word, []).append(entry)
    return by_word


def _only_wording(missing: list[str], entry: _Entry, source: str, path: Path) -> bool:
    """Whether the term's words absent from the query are wording, not meaning: none of them stands for a word
    of the term's English by the word table ("по сохранению" of the Russian NBSAP term is not in "national
    biodiversity strategies and action plans"; "marinas" of "áreas marinas protegidas" is its "marine"). A word
    the table does not know passes: a rare word is a near concept at worst ("الكائنات المحورة وراثيا", GMOs, for
    "الكائنات الحية المحورة", LMOs), and only words no exact term took are read this way."""
    table = word_table(source, path)
    english = {stem for stem, _ in english_surface(entry.english)}
    return all(w not in table or _stem(table[w], "en") not in english for w in missing)


def partial_terms(q: str, source: str, covered: set[int], path: Path = GLOSSARY) -> list[tuple[set[int], _Entry]]:
    """Terms most of whose words (two thirds) are in the query, two or more of them outside matched terms,
    best covered first: a phrasing the glossary does not hold word for word ("национальные стратегии и планы
    действий в области биоразнообразия" for its "… по сохранению биоразнообразия") still reaches the concept."""
    if source == "zh":
        return []
    key = term_key(q, source)
    free = {word: i for i, word in reversed(list(enumerate(key))) if i not in covered}
    by_word = _terms_by_word(source, path)
    candidates = {id(e): e for word in free for e in by_word.get(word, ())}.values()
    scored = []
    for entry in candidates:
        held = {free[w] for w in entry.key if w in free}
        missing = [w for w in entry.key if w not in key]
        present = len(set(entry.key)) - len(set(missing))
        if (len(held) >= 2 and present >= PARTIAL_SHARE * len(set(entry.key))
                and _only_wording(missing, entry, source, path)):
            scored.append((present / len(set(entry.key)), len(held), entry, held))
    out: list[tuple[set[int], _Entry]] = []
    used = set(covered)
    for _, _, entry, held in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if not held & used:
            used |= held
            out.append((held, entry))
    return out
