"""The query's language, recognised whatever the interface language (issue 13), and the glossary it unlocks."""

from __future__ import annotations

import pytest

from search.understanding.crosslingual import expand
from search.understanding.language import recognise
from search.understanding.record_types import type_words


@pytest.mark.parametrize(("q", "language"), [
    ("espèces exotiques envahissantes", "fr"),
    ("conocimientos tradicionales", "es"),
    ("гендерный план действий", "ru"),
    ("تغير المناخ", "ar"),
    ("外来入侵物种", "zh"),
    ("SBSTTA-27 регистрация", "ru"),
    ("invasive alien species", "en"),
    ("registration", "en"),
    # English words that a French glossary term shares ("informations", "financement") are no sign of French;
    # a French term made of English words in French order still is.
    ("digital sequence information", "en"),
    ("biodiversity finance", "en"),
    ("point focal national", "fr"),
])
def test_the_query_language_does_not_depend_on_the_interface(q, language):
    for interface in ("en", "fr", "ar"):
        assert recognise(q, interface).language == language


def test_symbols_and_numbers_have_no_language():
    assert recognise("2024-070").language is None
    assert recognise("CBD/COP/DEC/15/4").language is None


def test_the_glossary_translates_from_the_recognised_language_and_the_readers():
    assert recognise("pollinisateurs", "en").sources == ("fr",)
    assert recognise("invasive alien species", "es").sources == ("es",)
    assert recognise("invasive alien species", "en").sources == ()


def test_inflected_and_mistyped_terms_still_reach_the_glossary():
    assert [t.english for t in expand("гендерный план действий", "en", sources=["ru"]).translations][0] == "gender"
    assert "traditional knowledge" in expand("conaissances tradtionnelles", "en", sources=["fr"]).text
    # A typo budget is no licence to translate: English words stay untranslated from French.
    assert expand("registration hotel", "fr", sources=["fr"]).translations == []


def test_words_naming_record_types_in_six_languages():
    assert type_words("decision 16/32 activities") == (["activity", "decision"], "16/32")
    assert type_words("meta 3 indicadores")[0] == ["gbf-indicator"]
    assert type_words("المؤشرات")[0] == ["gbf-indicator"]
    assert type_words("SBSTTA 27 registration") == ([], "SBSTTA 27 registration")
