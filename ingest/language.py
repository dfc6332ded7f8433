"""Detect a document's language: by Unicode script first (exact for Arabic and Chinese), langdetect otherwise.

langdetect is random by default (its profiles are sampled), so it is seeded once for repeatable answers.
Script counting decides Arabic, Chinese and Japanese outright, where n-gram guessing on short text is weakest.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from typing import Final

_SAMPLE_CHARS: Final = 20_000
_MIN_LETTERS: Final = 3
_SCRIPT_LANG: Final = {"ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko"}
_lock = threading.Lock()


def _script(char: str) -> str | None:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    return name.split(" ", 1)[0]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ("en", "fr", "zh", ...) of `text`, or None when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    scripts = Counter(_script(ch) for ch in sample if ch.isalpha())
    letters = sum(scripts.values())
    if letters < _MIN_LETTERS:
        return None
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.05 * letters:
        return "ja"
    for script, lang in _SCRIPT_LANG.items():
        if scripts[script] > 0.3 * letters:
            return lang
    return _langdetect(sample)


def _langdetect(sample: str) -> str | None:
    from langdetect import DetectorFactory, LangDetectException, detect

    with _lock:  # DetectorFactory is global state
        DetectorFactory.seed = 0
        try:
            code = detect(sample)
        except LangDetectException:
            return None
    return code.split("-")[0]
