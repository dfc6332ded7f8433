"""Which of the six UN languages a query is written in, whatever language the interface (`lang`) is in.

A visitor on the English site types "espèces exotiques envahissantes" or "гендерный план действий": the query
language decides the stemmer, the stop words and, above all, which side of the CBD glossary translates it
(search.understanding.crosslingual). Three signals, cheapest first:

1. **Script**: Cyrillic is Russian, Arabic script Arabic, Han characters Chinese (of the six languages, nothing
   else uses them). Latin codes inside ("SBSTTA-27 регистрация") do not change that.
2. **An offline detector for Latin script**: lingua-language-detector restricted to English, French and Spanish
   (built for short text: 0.98 on bench/sets/langid.jsonl, six languages). Its models load on first use.
3. **The glossary**: a French or Spanish CBD term in the query ("pollinisateurs", "conocimientos tradicionales")
   counts as evidence for that language; English wins ties, since most records and queries are English.

Symbols and numbers alone ("2024-070", "CBD/COP/DEC/15/4") have no language: `language` is then None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

LATIN_LANGUAGES = ("en", "fr", "es")
SCRIPT_LANGUAGES = (("ru", re.compile(r"[\u0400-\u04ff]")), ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
                    ("zh", re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")))
_LATIN_WORD = re.compile(r"[^\W\d_]{2,}")
_CODE_WORD = re.compile(r"^[A-Z]{2,}[-\d]*$|\d")  # SBSTTA, COP-16, GBF, 2024-070: codes, not words of a language
#: How sure the Latin detector must be before a French or Spanish reading beats English (most queries and records
#: are English, and one word is thin evidence: "registration" reads 0.54 French), unless a glossary term of that
#: language is in the query; a glossary term decides unless the detector is this sure of another reading.
#: Chosen on bench/sets/langid.jsonl (0.985; 0.981 for lingua alone, six languages).
CONFIDENT_ONE_WORD = 0.7
CONFIDENT = 0.5
GLOSSARY_DECIDES_BELOW = 0.7


@dataclass(frozen=True)
class Recognised:
    """The query's language (None when it has no word of any language) and every language whose glossary
    should translate it (the recognised one, plus the reader's language when that is not English)."""

    language: str | None
    sources: tuple[str, ...]


def script_language(q: str) -> str | None:
    """The non-Latin language whose script has most characters in the query, if any."""
    counts = {code: len(pattern.findall(q)) for code, pattern in SCRIPT_LANGUAGES}
    code, most = max(counts.items(), key=lambda item: item[1])
    return code if most else None


def latin_words(q: str) -> list[str]:
    """The words a Latin-script detector should read: letters only, codes and numbers left out."""
    return [w for w in _LATIN_WORD.findall(q) if not _CODE_WORD.search(w)]


@cache
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LATIN_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def latin_confidences(text: str) -> dict[str, float]:
    """lingua's confidence per Latin language (they sum to 1; all 0 when it has nothing to go on)."""
    values = _detector().compute_language_confidence_values(text)
    return {value.language.iso_code_639_1.name.lower(): value.value for value in values}


def glossary_evidence(q: str) -> dict[str, int]:
    """Words of the query inside a French or Spanish glossary term (terms spelled as in English excluded)."""
    from search.understanding.crosslingual import matched_words

    return {lang: n for lang in ("fr", "es") if (n := matched_words(q, lang))}


def latin_language(q: str) -> str | None:
    words = latin_words(q)
    if not words:
        return None
    text = " ".join(words)
    confidence = latin_confidences(text)
    if not confidence:
        return None
    best = max(confidence, key=confidence.__getitem__)
    evidence = glossary_evidence(text)
    if evidence and confidence[best] < GLOSSARY_DECIDES_BELOW:
        return max(evidence, key=lambda lang: (evidence[lang], confidence.get(lang, 0.0)))
    needed = CONFIDENT_ONE_WORD if len(words) == 1 else CONFIDENT
    return best if best == "en" or confidence[best] >= needed else "en"


def recognise(q: str, asked: str | None = None) -> Recognised:
    """The query's language, independent of `asked` (the interface language), and the glossary sources."""
    language = script_language(q) or latin_language(q)
    sources = [code for code in (language, asked) if code and code != "en"]
    return Recognised(language, tuple(dict.fromkeys(sources)))


def detect(q: str) -> str | None:
    """bench/langid_eval.py's detector interface."""
    return recognise(q).language


def warm_up() -> None:
    """Load the detector's models now (a web process calls it at start-up, not on a visitor's query)."""
    latin_confidences("warm up")
