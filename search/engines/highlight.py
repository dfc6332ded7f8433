"""HTML-safe snippets with <mark> around the words a query matched.

Written here rather than taken from tantivy's SnippetGenerator because that one does not highlight
typo-tolerant (fuzzy) or prefix matches and emits <b>; this mirrors the engine's own matching rules
(folded words, stems, typo budget, last-word prefix) and escapes everything else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from search.analysis import WORD_RE, fold, stem_analyzer, typo_budget, within
from search.engines.tantivy_query import QueryTerms, query_languages

SNIPPET_CHARS = 240
SCAN_CHARS = 8_000  # enough to find a match in long records without analysing whole books per hit


@lru_cache(maxsize=50_000)
def _stems(word: str, langs: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s for lang in langs for s in stem_analyzer(lang).analyze(word)[:1])


class Matcher:
    """Decides whether a word of a hit's text matched the query. One per search, memoised per word.

    `misspelled` are the query words absent from the index: only those need the (slow) typo check, since
    a word that exists matched exactly and its near neighbours were not what the user typed.
    """

    def __init__(self, terms: QueryTerms, langs: list[str], misspelled: list[str] | None = None):
        self.terms = terms
        self.langs = tuple(langs)
        self.words = set(terms.words) | {w for phrase in terms.phrases for w in phrase}
        self.fuzzy = [q for q in (terms.words if misspelled is None else misspelled) if typo_budget(q)]
        self._memo: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        known = self._memo.get(word)
        if known is None:
            known = self._memo[word] = self._match(word)
        return known

    def _match(self, word: str) -> bool:
        folded = fold(word)
        if folded in self.words:
            return True
        if self.terms.prefix and folded.startswith(self.terms.prefix):
            return True
        if self.terms.stems & _stems(word, self.langs):
            return True
        return any(within(folded, q, typo_budget(q)) for q in self.fuzzy)


def snippet(text: str, match: Matcher, max_chars: int = SNIPPET_CHARS) -> str:
    """The densest window of `text` around matched words, escaped, matches wrapped in <mark>."""
    if not text:
        return ""
    scanned = text[:SCAN_CHARS]
    hits = _matched_words(scanned, match)
    start = _best_window(hits, max_chars) if hits else 0
    start = _word_start(scanned, start)
    end = min(len(scanned), start + max_chars)
    if end < len(scanned):
        end = scanned.rfind(" ", start, end) if " " in scanned[start:end] else end
    return _render(scanned, start, end, [m for m in hits if start <= m.start() and m.end() <= end], len(text))


def _matched_words(text: str, match: Callable[[str], bool]) -> list[re.Match[str]]:
    """Positions of the matched words. The matcher sees each distinct word once, and a text without any match
    (most of a browsing page) never builds per-word match objects."""
    matched = {word for word in set(WORD_RE.findall(text)) if match(word)}
    if not matched:
        return []
    return [m for m in WORD_RE.finditer(text) if m[0] in matched]


def _best_window(hits, max_chars: int) -> int:
    best, best_count, j = hits[0].start(), 0, 0
    for i, first in enumerate(hits):
        while j < len(hits) and hits[j].end() - first.start() <= max_chars:
            j += 1
        distinct = len({fold(m.group(0)) for m in hits[i:j]})
        if distinct > best_count:
            best, best_count = first.start(), distinct
    return max(0, best - max_chars // 6)  # a little context before the first match


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = text.rfind(" ", 0, pos)
    return space + 1 if space >= 0 else 0


def _render(text: str, start: int, end: int, hits, total: int) -> str:
    out = ["…" if start > 0 else ""]
    cursor = start
    for m in hits:
        out += [html.escape(text[cursor:m.start()]), "<mark>", html.escape(m.group(0)), "</mark>"]
        cursor = m.end()
    out.append(html.escape(text[cursor:end]))
    if end < total:
        out.append("…")
    return "".join(out).strip()


def _no_match(_word: str) -> bool:
    return False


class Highlighter:
    """Snippet builders for the hits of one search. The matcher, with its index look-ups for misspelled
    words, is made on the first snippet actually built: hits fetched only for grouping never pay for it."""

    def __init__(self, searcher: Any, terms: QueryTerms | None, lang: str | None):
        self.searcher = searcher
        self.terms = terms  # None: the query had no words (browsing); snippets are the text's opening
        self.lang = lang
        self._matcher: Callable[[str], bool] | None = None

    def matcher(self) -> Callable[[str], bool]:
        if self._matcher is None:
            if self.terms is None:
                self._matcher = _no_match
            else:
                misspelled = [w for w in self.terms.words if not self._in_index(w)]
                self._matcher = Matcher(self.terms, query_languages(self.lang), misspelled)
        return self._matcher

    def _in_index(self, word: str) -> bool:
        return self.searcher.doc_freq("text_words", word) + self.searcher.doc_freq("title_words", word) > 0

    def builder(self, text: str, title: str) -> Callable[[], str]:
        """A hit's snippet, built when called: from its text, or from its title when it has no text."""
        return lambda: snippet(text or title, self.matcher())
