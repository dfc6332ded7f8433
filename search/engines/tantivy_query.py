"""Builds tantivy queries from user text without the query parser.

User input is never parsed as query syntax: it is cut into words by the same analyzers as the index and
each word becomes term, fuzzy or prefix queries built through the API. Quotes, parentheses, OR/AND, ":",
"-", "*" and backslashes are therefore plain characters that can neither fail nor change the meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

import tantivy
from tantivy import Occur, Query

from identifiers import normalize_symbol
from search.analysis import STEMMED_LANGUAGES, drop_stopwords, is_cjk, stem_analyzer, typo_budget, words_analyzer
from search.config import synonym_groups
from search.engine import FACET_FIELDS

MAX_QUERY_WORDS = 32

Known = Callable[[str], bool]
Correct = Callable[[str], "str | None"]
Freq = Callable[[str], int]

#: Two typed words are read as one when the index holds them written together in this many documents
#: ("bio diversity", "work-shops", "sub sidies"), and a word the index lacks is read as two it holds this often
#: ("invasivealien", "protectedareas"): Meilisearch's ngram concatenation and word splitting.
MIN_COMPOUND_FREQ = 3
#: Halves of a split word: shorter ones ("pa", "re") would split too many misspellings into noise.
MIN_SPLIT_PART = 3


@dataclass(frozen=True)
class Weights:
    """Ranking knobs, tuned on the relevance dev set as a whole (bench/relevance_engine.py)."""

    title: float = 3.0
    text: float = 1.0
    symbol_words: float = 2.0
    exact_symbol: float = 40.0
    fuzzy_title: float = 1.2
    fuzzy_text: float = 0.5
    prefix_title: float = 1.0
    prefix_text: float = 0.4
    phrase_title: float = 4.0
    phrase_text: float = 1.5
    synonym: float = 0.5
    tie_breaker: float = 0.3
    #: Documents holding every word score their words once more: what Meilisearch's `words` rule does (most
    #: query words first), which a BM25 sum misses when one word is heavy (an acronym and its synonym phrase,
    #: "SBSTTA", outweighing four other words of a question). Chosen on the own set's tune half: 0.5 +0.003,
    #: 1.0 +0.004 (bench/relevance.py).
    coordination: float = 1.0
    #: Other forms of a word, by its stem as a prefix ("settled" -> "Settlement of Disputes", "approving" ->
    #: "approval"): questions use verbs where titles use nouns, which the Snowball stem does not join. Constant
    #: scores like the typo forms, below an exact stem match. Titles only: in the text as well, tune +0.001 for
    #: a prefix walk over every text posting at 100k records (search/README.md).
    derived_title: float = 1.0
    derived_text: float = 0.0
    #: In a sentence of this many words or more, a synonym group's spelled-out phrase ("Subsidiary Body on
    #: Scientific, Technical and Technological Advice" for "SBSTTA") weighs as one word, as a synonym counts once
    #: in Meilisearch's `words` rule; below it the phrase keeps its full weight (a short query is about the
    #: acronym's thing). English only: a translated query holds each of its words twice.
    long_sentence_words: int = 6


@dataclass
class QueryTerms:
    """What the query matched on, for highlighting."""

    words: list[str] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    prefix: str | None = None
    phrases: list[list[str]] = field(default_factory=list)


def query_languages(lang: str | None) -> list[str]:
    first = lang if lang in STEMMED_LANGUAGES else "en"
    return list(dict.fromkeys([first, "en"]))


def _term(schema, field_name: str, value: str, boost: float) -> Query:
    return Query.boost_query(Query.term_query(schema, field_name, value), boost)


def _const(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def word_query(schema, word: str, langs: list[str], w: Weights, *, is_last: bool,
               terms: QueryTerms, known: Known | None = None, typed: str | None = None) -> Query:
    """One query word: exact stems (BM25) or, for longer words, typo/prefix matches (constant score).

    A word the index knows was typed as meant: its typo neighbours are left out (`known`), since expanding
    them is most of a query's cost on a large index and an exact match outranks them anyway. `typed` is what
    the user typed when `word` is its correction (text_query's `correct`): its typo matches still count."""
    subs = []
    for lang in langs:
        for stem in stem_analyzer(lang).analyze(word)[:1]:
            terms.stems.add(stem)
            subs += [_term(schema, f"title_{lang}", stem, w.title), _term(schema, f"text_{lang}", stem, w.text)]
    subs.append(_term(schema, "symbol_text", word, w.symbol_words))
    fuzzy = typed or word
    typos = typo_budget(fuzzy)
    if typos and (typed or not (known is not None and known(word))):
        subs += [_const(Query.fuzzy_term_query(schema, "title_words", fuzzy, distance=typos), w.fuzzy_title),
                 _const(Query.fuzzy_term_query(schema, "text_words", fuzzy, distance=typos), w.fuzzy_text)]
    if not is_last:  # the last word already matches as a prefix of itself
        subs += _derived_forms(schema, word, w)
    if is_last and len(word) >= 2:
        subs += [_const(Query.fuzzy_term_query(schema, "title_words", word, distance=0, prefix=True), w.prefix_title),
                 _const(Query.fuzzy_term_query(schema, "text_words", word, distance=0, prefix=True), w.prefix_text)]
        terms.prefix = word
    return Query.disjunction_max_query(subs, tie_breaker=w.tie_breaker)


MIN_DERIVED_STEM = 5  # shorter stems are prefixes of unrelated words ("fund" of "fundamental")


def _derived_forms(schema, word: str, w: Weights) -> list[Query]:
    """Words beginning with `word`'s English stem, at constant scores (none for short stems or zero weights)."""
    stem = next(iter(stem_analyzer("en").analyze(word)), "")
    if len(stem) < MIN_DERIVED_STEM or not (w.derived_title or w.derived_text):
        return []
    fields = (("title_words", w.derived_title), ("text_words", w.derived_text))
    return [_const(Query.fuzzy_term_query(schema, name, stem, distance=0, prefix=True), weight)
            for name, weight in fields if weight]


def phrase_query(schema, words: list[str], w_title: float, w_text: float, slop: int = 0) -> Query:
    if len(words) == 1:
        return Query.disjunction_max_query([_term(schema, "title_words", words[0], w_title),
                                            _term(schema, "text_words", words[0], w_text)])
    return Query.disjunction_max_query([
        Query.boost_query(Query.phrase_query(schema, "title_words", words, slop=slop), w_title),
        Query.boost_query(Query.phrase_query(schema, "text_words", words, slop=slop), w_text)])


def _split_cjk(tokens: list[str]) -> tuple[list[str], list[list[str]]]:
    """Latin/Cyrillic/Arabic words stay words; runs of CJK characters become phrases."""
    words, runs, run = [], [], []
    for token in tokens:
        if is_cjk(token):
            run.append(token)
            continue
        if run:
            runs.append(run)
            run = []
        words.append(token)
    if run:
        runs.append(run)
    return words, runs


def _synonym_clauses(schema, tokens: list[str], w: Weights, terms: QueryTerms, sentence: bool = False
                     ) -> list[Query]:
    """One clause per synonym group the query uses: the best of the group's other spellings, so a group
    with many spellings weighs no more than one. In a long sentence a spelling's phrase weighs as one word."""
    clauses = []
    joined = f" {' '.join(tokens)} "
    for analysed in _analysed_synonyms():
        if not any(a and f" {' '.join(a)} " in joined for a in analysed):
            continue
        alternatives = [alt for alt in analysed if alt and f" {' '.join(alt)} " not in joined]
        terms.phrases += alternatives
        if alternatives:
            clauses.append(Query.disjunction_max_query(
                [_synonym_phrase(schema, alt, w, sentence) for alt in alternatives]))
    return clauses


def _synonym_phrase(schema, alt: list[str], w: Weights, sentence: bool) -> Query:
    share = 1 / len(alt) if sentence else 1.0
    return phrase_query(schema, alt, w.synonym * w.title * share, w.synonym * share)


@cache
def _analysed_synonyms() -> tuple[tuple[list[str], ...], ...]:
    """Each synonym group's spellings as analysed words (the file is read and analysed once per process)."""
    return tuple(tuple(words_analyzer().analyze(term) for term in group) for group in synonym_groups())


def _corrections(words: list[str], correct: Correct | None, unfinished: str | None) -> dict[str, str]:
    """Typed word -> the index's spelling, for the words that have one; the word still being typed only to the
    word one letter longer ("awarenes" -> "awareness", "activitie" -> "activities")."""
    if correct is None:
        return {}
    return {word: meant for word in words if typo_budget(word) and (meant := correct(word))
            and (word != unfinished or meant.startswith(word))}


def _compounds(kept: list[str], words: list[str], freq: Freq | None) -> list[tuple[str, ...]]:
    """The query words, two typed side by side kept as a pair when the index holds them as one word."""
    typed = f" {' '.join(words)} "
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(kept):
        pair = tuple(kept[i:i + 2])
        if (freq is not None and len(pair) == 2 and f" {pair[0]} {pair[1]} " in typed
                and freq(pair[0] + pair[1]) >= MIN_COMPOUND_FREQ):
            units.append(pair)
            i += 2
            continue
        units.append((kept[i],))
        i += 1
    return units


def _split_unknown(units: list[tuple[str, ...]], corrected: dict[str, str], freq: Freq | None,
                   skip: str | None) -> dict[str, tuple[str, str]]:
    """Words run together ("invasivealien", "aredisputes") -> their parts: a word the index lacks and no single
    edit corrects, cut where both parts are common words."""
    if freq is None:
        return {}
    candidates = [unit[0] for unit in units if len(unit) == 1 and unit[0] not in corrected and unit[0] != skip]
    return {word: parts for word in candidates if (parts := _split_word(word, freq))}


def _with_parts(unit: tuple[str, ...], splits: dict[str, tuple[str, str]], lang: str | None) -> list[tuple[str, ...]]:
    """A split word's parts as words of their own, function words left out ("are" of "aredisputes")."""
    if len(unit) > 1 or unit[0] not in splits:
        return [unit]
    return [(part,) for part in drop_stopwords(list(splits[unit[0]]), lang)]


def _split_word(word: str, freq: Freq) -> tuple[str, str] | None:
    if len(word) < 2 * MIN_SPLIT_PART or not word.isalpha() or freq(word):
        return None
    cuts = [(min(freq(word[:i]), freq(word[i:])), word[:i], word[i:])
            for i in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1)]
    best = max(cuts)
    return (best[1], best[2]) if best[0] >= MIN_COMPOUND_FREQ else None


def _unit_clauses(unit: tuple[str, ...], clause: Callable[[str, bool], Query], last: bool) -> list[Query]:
    """One word's clause. A pair: the word written together or both words apart, whichever scores more (the
    joined word weighs as one word: ×2 lost 0.017 on the split variants of the tune half), listed twice, the
    second time scoring nothing, so that it counts as the two words typed wherever a number of the words must
    match ("most", coordination)."""
    if len(unit) == 1:
        return [clause(unit[0], last)]
    apart = Query.boolean_query([(Occur.Must, clause(unit[0], False)), (Occur.Must, clause(unit[1], last))])
    either = Query.disjunction_max_query([clause(unit[0] + unit[1], last), apart])
    return [either, _const(either, 0.0)]


def required_words(count: int, match: str) -> int:
    """How many of `count` word clauses a document must match: all, all but a third ("most"), or any one."""
    if match == "all":
        return count
    if match == "most":
        return max(1, count - max(1, count // 3))
    return 1


def text_query(schema, q: str, lang: str | None, w: Weights, *, typing: bool = True, known: Known | None = None,
               match: str = "any", correct: Correct | None = None, freq: Freq | None = None,
               completes: Known | None = None) -> tuple[Query | None, QueryTerms]:
    """The scoring query for `q` (None when it has no searchable word) and its terms for highlighting.
    `known(word)`: whether the index holds the word as typed (then it gets no typo alternatives). `match`: how
    many words a document must contain (search.engine.MATCHES); a word's typo and prefix forms count for it.
    `correct(word)`: the spelling the index uses for a word it (almost) never holds as typed, or None; the
    correction is scored as if typed, so a record sharing the typo does not outrank the ones spelled right.
    `freq(word)`: in how many documents the index holds a word (its inflections included): two words it holds
    written together count as that word too, and a word it lacks is read as two it holds. `completes(word)`:
    whether an indexed word starts with it (a last word that completes nothing is a typo, not unfinished)."""
    terms = QueryTerms()
    tokens = words_analyzer().analyze(q)[:MAX_QUERY_WORDS]
    if not tokens:  # nothing searchable ("***", "()"): browse, as Meilisearch does
        return None, terms
    exact = _term(schema, "symbol_keys", normalize_symbol(q), w.exact_symbol)
    words, runs = _split_cjk(tokens)
    kept = drop_stopwords(words, lang) if words else []
    langs = query_languages(lang)
    # Search-as-you-type: the last word may be unfinished unless the user typed a space after it.
    last_is_prefix = typing and not q[-1:].isspace() and bool(words) and tokens[-1] == words[-1]
    # The last word may be unfinished ("pollinat"): corrected only when no word of the index starts with it.
    unfinished = kept[-1] if last_is_prefix and (completes is None or completes(kept[-1])) else None
    units = _compounds(kept, words, freq)
    singles = [unit[0] for unit in units if len(unit) == 1]
    # Only an English query is corrected: the index is mostly English, so a rare French or Spanish word
    # ("peuples", "nacional") is a word of its language, not a misspelt English one.
    corrected = _corrections(singles, correct if langs[0] == "en" else None, unfinished)
    splits = _split_unknown(units, corrected, freq, skip=unfinished) if langs[0] == "en" else {}
    units = [part for unit in units for part in _with_parts(unit, splits, lang)]
    terms.words = list(dict.fromkeys(word for unit in units for word in (*unit, "".join(unit))))

    def clause(word: str, last: bool) -> Query:
        return word_query(schema, corrected.get(word, word), langs, w, is_last=last_is_prefix and last,
                          terms=terms, known=known, typed=word if word in corrected else None)

    word_clauses = [c for i, unit in enumerate(units) for c in _unit_clauses(unit, clause, i == len(units) - 1)]
    words = [part for word in words for part in splits.get(word, (corrected.get(word, word),))]
    for run in runs:
        terms.phrases.append(run)
        word_clauses.append(phrase_query(schema, run, w.title * 2, w.text * 2))
    extras = []
    if len(words) > 1:
        extras.append(phrase_query(schema, words, w.phrase_title, w.phrase_text, slop=1))
    sentence = langs[0] == "en" and len(kept) >= w.long_sentence_words
    extras += _synonym_clauses(schema, tokens, w, terms, sentence)
    needed = required_words(len(word_clauses), match)
    if needed <= 1 and len(word_clauses) >= 2 and w.coordination:
        every = Query.boolean_query([(Occur.Should, c) for c in word_clauses],
                                    minimum_number_should_match=len(word_clauses))
        extras.append(Query.boost_query(every, w.coordination))
    if needed <= 1:
        return Query.boolean_query([(Occur.Should, c) for c in [exact, *word_clauses, *extras]]), terms
    # The words must match (enough of them); the exact symbol, the phrase and synonyms only add to the score.
    required = Query.boolean_query([(Occur.Should, c) for c in word_clauses], minimum_number_should_match=needed)
    return Query.boolean_query([(Occur.Must, required), *[(Occur.Should, c) for c in [exact, *extras]]]), terms


def filter_queries(schema, filters: Mapping[str, list[str]]) -> list[Query]:
    """OR within a facet, AND across facets; values are matched exactly, never parsed."""
    out = []
    for name, values in filters.items():
        values = [v for v in (values or []) if v is not None and str(v) != ""]
        if not values:
            continue
        if name == "page_id":
            ints = [int(v) for v in values if str(v).lstrip("-").isdigit()]
            out.append(Query.term_set_query(schema, "page_id", ints) if ints else Query.empty_query())
            continue
        field_name = "symbol_keys" if name == "symbol" else FACET_FIELDS.get(name, name)
        strings = [normalize_symbol(str(v)) if name == "symbol" else str(v) for v in values]
        out.append(Query.term_set_query(schema, field_name, strings))
    return out


def combine(scoring: Query | None, filters: list[Query]) -> Query:
    parts = [(Occur.Must, scoring or Query.all_query())] + [(Occur.Must, f) for f in filters]
    return parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)

