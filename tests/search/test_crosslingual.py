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


# Phrasings the glossary does not hold word for word (search.understanding.glossary_words).
WORD_ROWS = [
    ["national biodiversity strategies and action plans", "stratégies nationales", "estrategias nacionales",
     "национальные стратегии и планы действий по сохранению биоразнообразия", "الاستراتيجيات", "国家战略"],
    ["biodiversity", "biodiversité", "biodiversidad", "биоразнообразие", "التنوع البيولوجي", "生物多样性"],
    ["conservation", "conservation", "conservación", "сохранение", "صون", "保护"],
    ["nature conservation", "conservation de la nature", "conservación de la naturaleza", "сохранение природы",
     "حفظ الطبيعة", "自然保护"],
    ["national report", "rapport national", "informe nacional", "национальный доклад", "التقرير الوطني", "国家报告"],
    ["seventh national report", "septième rapport national", "séptimo informe nacional",
     "седьмой национальный доклад", "التقرير الوطني السابع", "第七次国家报告"],
    ["marine biodiversity", "biodiversité marine", "biodiversidad marina", "морское биоразнообразие",
     "التنوع البيولوجي البحري", "海洋生物多样性"],
    ["marine protected areas", "aires marines protégées", "áreas marinas protegidas", "морские охраняемые районы",
     "المناطق البحرية المحمية", "海洋保护区"],
    ["Nagoya Protocol", "Protocole de Nagoya", "Protocolo de Nagoya", "Нагойский протокол", "بروتوكول ناغويا",
     "名古屋议定书"],
    ["Cartagena Protocol", "Protocole de Cartagena", "Protocolo de Cartagena", "Картахенский протокол",
     "بروتوكول قرطاجنة", "卡塔赫纳议定书"],
]


@pytest.fixture
def word_sample(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("en\tfr\tes\tru\tar\tzh\n" + "".join("\t".join(row) + "\n" for row in WORD_ROWS),
                    encoding="utf-8")
    yield path
    glossary.cache_clear()


def test_a_term_phrased_otherwise_is_reached_when_only_its_wording_differs(word_sample):
    # The glossary says "по сохранению биоразнообразия", the visitor "в области биоразнообразия".
    assert "national biodiversity strategies and action plans" in englishes(
        "национальные стратегии и планы действий в области биоразнообразия", "ru", word_sample)


def test_a_partial_term_is_not_taken_when_a_missing_word_carries_meaning(word_sample):
    # "морские" is the "marine" of the term: protected areas in general are not marine protected areas.
    assert "marine protected areas" not in englishes("охраняемые районы", "ru", word_sample)


def test_words_outside_every_term_are_translated_word_by_word_from_the_glossary_rows(word_sample):
    # доклад goes with "report" in two rows: a word no term covers still reaches the English records.
    assert englishes("доклад о биоразнообразии", "ru", word_sample) == ["biodiversity", "report"]
    assert englishes("неизвестное слово", "ru", word_sample) == []


def test_a_word_written_as_its_english_translation_is_not_added_again(word_sample):
    assert englishes("protocol article", "fr", word_sample) == []


@pytest.mark.parametrize(("q", "lang", "english"), [
    ("especes menacees", "fr", "threatened species"),  # typed without accents
    ("changement climatque et biodiversite", "fr", "climate change"),  # a typo the stemmer keeps
    ("conocimento tradicional", "es", "traditional knowledge"),
    ("تغير المناخ والتنوع البيولوجي", "ar", "biodiversity"),  # "and the" written onto the word
])
def test_the_shipped_glossary_forgives_missing_accents_typos_and_attached_particles(q, lang, english):
    assert english in [t.english for t in translate(q, lang)]


def test_a_short_word_is_no_mistyped_longer_term(sample):
    assert englishes("espèce", "fr", sample) == ["species"]
    assert "plants" not in [t.english for t in translate("plan d'action genre", "fr")]
