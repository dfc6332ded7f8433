"""Text analysis shared by indexing, querying and highlighting in the embedded engine.

Two views of every text: `words` (unstemmed, lower-cased, accent-folded; Chinese/Japanese characters one
token each) for typo tolerance, prefix search, phrases and highlights, and a stemmed view per language
(tantivy ships Snowball stemmers for en, fr, es, ru and ar). Chinese has no stemmer: its characters are
matched as phrases over the `words` view, which behaves like bigram matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

from search.config import stopwords

CJK = r"\p{Han}\p{Hiragana}\p{Katakana}"
WORD_PATTERN = rf"[{CJK}]|[[\p{{L}}\p{{M}}\p{{N}}]--[{CJK}]]+"
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
STEMMED_LANGUAGES: tuple[str, ...] = tuple(STEMMERS)
WORDS = "cbd_words"
MAX_TOKEN = 40  # longer "words" are hashes or garbage and only bloat the index

#: The Python twin of the words analyzer's tokenizer (highlighting finds words with it).
WORD_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_\u3040-\u30ff\u3400-\u9fff]+")


def tokenizer_name(lang: str) -> str:
    return f"cbd_{lang}"


@cache
def words_analyzer() -> TextAnalyzer:
    return (TextAnalyzerBuilder(Tokenizer.regex(WORD_PATTERN)).filter(Filter.remove_long(MAX_TOKEN))
            .filter(Filter.lowercase()).filter(Filter.ascii_fold()).build())


@cache
def stem_analyzer(lang: str) -> TextAnalyzer:
    # Stem before folding: the Snowball stemmers expect the language's accents ("biodiversité").
    return (TextAnalyzerBuilder(Tokenizer.regex(WORD_PATTERN)).filter(Filter.remove_long(MAX_TOKEN))
            .filter(Filter.lowercase()).filter(Filter.stemmer(STEMMERS[lang])).filter(Filter.ascii_fold()).build())


def register_analyzers(index) -> None:
    index.register_tokenizer(WORDS, words_analyzer())
    for lang in STEMMED_LANGUAGES:
        index.register_tokenizer(tokenizer_name(lang), stem_analyzer(lang))


def analysis_language(language: str | None, translated: bool = True) -> str:
    """Which stemmer reads a document: untranslated fallbacks carry English text."""
    if not translated or not language:
        return "en"
    return language if language in STEMMERS else "en"


@lru_cache(maxsize=100_000)  # highlighting folds every word of every shown text; words repeat a lot
def fold(word: str) -> str:
    """Python twin of the words analyzer for one word (used by highlighting)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_cjk(token: str) -> bool:
    return len(token) == 1 and re.match(r"[\u3040-\u30ff\u3400-\u9fff]", token) is not None


def typo_budget(word: str) -> int:
    """Meilisearch's default: 1 typo from 5 characters, 2 from 9."""
    n = len(word)
    return 2 if n >= 9 else 1 if n >= 5 else 0


def within(a: str, b: str, budget: int) -> bool:
    """Levenshtein distance (with transpositions as one edit) of a and b is at most budget."""
    if abs(len(a) - len(b)) > budget:
        return False
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > budget:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= budget


def drop_stopwords(tokens: list[str], lang: str | None) -> list[str]:
    """Remove function words from a query, unless that would leave nothing ("to be or not to be")."""
    stops = {fold(s) for s in stopwords(lang or "en") | stopwords("en")}
    kept = [t for t in tokens if t not in stops]
    return kept or tokens
