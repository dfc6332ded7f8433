"""Language detection: the six UN languages, short text and text without letters."""

from __future__ import annotations

import pytest

from ingest.language import detect_language

TEXTS = {
    "en": "The Conference of the Parties requests the Executive Secretary to prepare a report.",
    "fr": "La Conférence des Parties prie la Secrétaire exécutive de préparer un rapport.",
    "es": "La Conferencia de las Partes pide a la Secretaria Ejecutiva que prepare un informe.",
    "ru": "Конференция Сторон просит Исполнительного секретаря подготовить доклад.",
    "ar": "يطلب مؤتمر الأطراف إلى الأمينة التنفيذية أن تعد تقريرا.",
    "zh": "缔约方大会请执行秘书编写一份报告。",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_sentence_in_each_language(lang):
    assert detect_language(TEXTS[lang]) == lang


@pytest.mark.parametrize(("text", "expected"), [("生物多样性", "zh"), ("التنوع", "ar"), ("Биоразнообразие", "ru")])
def test_single_words_in_non_latin_scripts(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12/4", "—", "a", "1. 2. 3."])
def test_too_little_text_gives_none_without_error(text):
    assert detect_language(text) is None


def test_short_latin_text_does_not_crash_and_is_repeatable():
    results = {detect_language("Biodiversity") for _ in range(5)}
    assert len(results) == 1


def test_mixed_document_follows_the_majority():
    text = TEXTS["fr"] * 5 + " CBD/COP/DEC/15/4 Kunming-Montreal " + TEXTS["en"]
    assert detect_language(text) == "fr"
