"""Cross-language query translation through the CBD glossary: what a French, Russian or Chinese query adds."""

from __future__ import annotations

import pytest

from search.understanding.crosslingual import GLOSSARY, expand, glossary, parse_glossary, translate

ROWS = [
    ["invasive alien species | alien invasive species", "espèces exotiques envahissantes",
     "especies exóticas invasoras", "инвазивные чужеродные виды", "الأنواع الغريبة الغازية", "外来入侵物种"],
    ["species", "espèces", "especies", "виды", "الأنواع", "物种"],
    ["conservation", "conservation", "conservación", "сохранение", "صون", "保护"],
    ["biodiversity financing", "financement de la biodiversité", "financiación de la biodiversidad",
     "финансирование биоразнообразия", "تمويل التنوع البيولوجي", "生物多样性融资"],
]
SAMPLE = "# a comment\nen\tfr\tes\tru\tar\tzh\n" + "".join("\t".join(row) + "\n" for row in ROWS)


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text(SAMPLE, encoding="utf-8")
    glossary.cache_clear()
    yield path
    glossary.cache_clear()


def englishes(q, lang, path):
    return [t.english for t in translate(q, lang, path)]


def test_a_french_term_brings_its_english_wording_whatever_the_inflection_and_stop_words(sample):
    assert englishes("Espèce exotique envahissante", "fr", sample) == ["invasive alien species"]
    assert englishes("financement biodiversité", "fr", sample) == ["biodiversity financing"]


def test_the_longest_term_wins_and_a_word_is_translated_once(sample):
    # "espèces" alone is also a term, but here it belongs to the longer one.
    assert englishes("les espèces exotiques envahissantes", "fr", sample) == ["invasive alien species"]


def test_terms_spelled_as_in_english_add_nothing(sample):
    assert englishes("conservation", "fr", sample) == []


def test_script_gives_the_language_away_even_on_the_english_site(sample):
    assert englishes("инвазивные чужеродные виды", "en", sample) == ["invasive alien species"]
    assert englishes("外来入侵物种的管理", "en", sample) == ["invasive alien species"]
    assert englishes("الأنواع الغريبة الغازية", "en", sample) == ["invasive alien species"]


def test_english_queries_are_left_alone(sample):
    # On the English site a Latin-script query is English: "especies" is not translated from Spanish.
    assert expand("especies invasive", "en", sample).text == "especies invasive"
    assert expand("especies invasive", "es", sample).translations


def test_expanded_text_keeps_the_typed_words_last(sample):
    expanded = expand("espèces exotiques envahiss", "fr", sample)
    # Unfinished words stay unfinished: the typed text ends the query, so its last word is still a prefix.
    assert expanded.text.endswith("espèces exotiques envahiss")
    assert expand("", "fr", sample).text == ""


def test_a_malformed_glossary_line_is_named():
    with pytest.raises(ValueError, match="line 3"):
        parse_glossary("en\tfr\nspecies\tespèces\nbroken line without tab\n")


def test_the_shipped_glossary_covers_the_six_languages_for_every_concept():
    text = GLOSSARY.read_text(encoding="utf-8")
    entries = parse_glossary(text)
    assert set(entries) == {"fr", "es", "ru", "ar", "zh"}
    rows = [line for line in text.splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert len(rows) >= 200
    assert all(all(cell.strip() for cell in row.split("\t")) for row in rows)


@pytest.mark.parametrize(("q", "lang", "english"), [
    ("espèces exotiques envahissantes", "fr", "invasive alien species"),
    ("especies exóticas invasoras", "es", "invasive alien species"),
    ("загрязнение", "ru", "pollution"),
    ("生物多样性", "zh", "biodiversity"),
    ("التنوع البيولوجي", "ar", "biodiversity"),
    # Numbered in words: national reports and meetings.
    ("quinto informe nacional", "es", "fifth"),
    ("seizième réunion de la Conférence des Parties", "fr", "sixteenth"),
    ("шестнадцатое совещание", "ru", "sixteenth"),
    ("第十六次缔约方大会", "zh", "sixteenth"),
])
def test_the_shipped_glossary_translates_common_cbd_terms(q, lang, english):
    assert english in [t.english for t in translate(q, lang)]
