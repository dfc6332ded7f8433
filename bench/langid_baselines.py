"""Two off-the-shelf query-language detectors restricted to the six UN languages, as baselines for
bench/langid_eval.py. Each is a callable ``detect(text) -> "ar"|"en"|"es"|"fr"|"ru"|"zh"|None``.

- ``lingua_detect``: lingua-language-detector (rule + n-gram models, built for short text), restricted to the six
  languages so it never answers with a seventh.
- ``py3langid_detect``: py3langid (the langid.py model, modernised), with ``set_languages`` to the six.

Detectors are built once, on first use (lingua loads its models lazily; preloading them costs ~1 s).
"""

from __future__ import annotations

from functools import cache

SIX = ("ar", "en", "es", "fr", "ru", "zh")


@cache
def _lingua():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SIX]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def lingua_detect(text: str) -> str | None:
    language = _lingua().detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None


@cache
def _py3langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(SIX))
    return identifier


def py3langid_detect(text: str) -> str | None:
    code, _probability = _py3langid().classify(text)
    return code if code in SIX else None
