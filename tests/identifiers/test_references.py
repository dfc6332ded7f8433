"""Reading CBD references the way users type them (identifiers.references)."""

from __future__ import annotations

import random

import pytest

from identifiers import meeting_title, normalize_symbol, parse_references, remaining_text, symbol_variants

CASES = [
    ("2024-070", "notification", ["2024-070"]),
    ("notification 2024-70", "notification", ["2024-070"]),
    ("Notification No. 2025-7", "notification", ["2025-007"]),
    ("2024-83", "notification", ["2024-083"]),  # typed without its leading zero
    ("2025-7", "notification", ["2025-007"]),
    ("decision 15/4", "decision", ["CBD/COP/DEC/15/4"]),
    ("COP 15/4", "decision", ["CBD/COP/DEC/15/4"]),
    ("COP-15/4", "decision", ["CBD/COP/DEC/15/4"]),
    ("cbd/cop/dec/15/4", "decision", ["CBD/COP/DEC/15/4"]),
    ("CBD/COP/15/04", "decision", ["CBD/COP/DEC/15/4", "CBD/COP/15/4"]),
    ("XII/2", "decision", ["UNEP/CBD/COP/DEC/XII/2"]),
    ("decision X/33", "decision", ["UNEP/CBD/COP/DEC/X/33"]),
    ("decision 12/2", "decision", ["UNEP/CBD/COP/DEC/XII/2"]),
    ("UNEP/CBD/COP/DEC/XII/2", "decision", ["UNEP/CBD/COP/DEC/XII/2"]),
    ("16/32", "decision", ["CBD/COP/DEC/16/32"]),
    ("CP-11/7", "decision", ["CBD/CP/MOP/DEC/11/7"]),
    ("CP 11/7", "decision", ["CBD/CP/MOP/DEC/11/7"]),
    ("CP11/7", "decision", ["CBD/CP/MOP/DEC/11/7"]),
    ("NP-4/3", "decision", ["CBD/NP/MOP/DEC/4/3"]),
    ("CBD/SBI/6/INF/11", "document", ["CBD/SBI/6/INF/11"]),
    ("cbd / sbstta / 26 / inf / 20 / add.1", "document", ["CBD/SBSTTA/26/INF/20/Add.1"]),
    ("CBD/SBSTTA/26/2/Rev.1", "document", ["CBD/SBSTTA/26/2/Rev.1"]),
    ("CBD/COP/16/INF/3/Corr.1", "document", ["CBD/COP/16/INF/3/Corr.1"]),
    ("CBD/COP/16/CRP.1", "document", ["CBD/COP/16/CRP.1"]),
    ("CBD/COP/16/l.1", "document", ["CBD/COP/16/L.1"]),
    ("COP-16", "meeting", ["COP-16"]),
    ("cop 16", "meeting", ["COP-16"]),
    ("SBSTTA-27", "meeting", ["SBSTTA-27"]),
    ("CP-MOP-11", "meeting", ["CP-MOP-11"]),
    ("SBI-6", "meeting", ["SBI-06", "SBI-6"]),  # the records' spelling first, as typed second
    ("NP-MOP 5", "meeting", ["NP-MOP-05", "NP-MOP-5"]),
    ("GBF target 3", "gbf-target", ["GBF-TARGET-03", "GBF-TARGET-3"]),
    ("Target 18", "gbf-target", ["GBF-TARGET-18"]),
    ("KMGBF Target 15", "gbf-target", ["GBF-TARGET-15"]),
    ("Goal A", "gbf-goal", ["GBF-GOAL-A"]),
    ("indicator A.1", "gbf-indicator", ["GBF-INDICATOR-A.1", "GBF-INDICATOR-A1"]),
    ("headline indicator B1", "gbf-indicator", ["GBF-INDICATOR-B1", "GBF-INDICATOR-B.1"]),
    ("Aichi Target 11", "aichi-target", ["AICHI-TARGET-11"]),
    ("Aichi Biodiversity Target 5", "aichi-target", ["AICHI-TARGET-05"]),
    ("Article 15", "article", ["cbd-15"]),
    ("Nagoya Protocol article 14", "article", ["abs-14"]),
    ("article 14 of the Nagoya Protocol", "article", ["abs-14"]),
    ("Cartagena Protocol article 20", "article", ["cpb-20"]),
    ("biosafety protocol article 15", "article", ["cpb-15"]),
]


@pytest.mark.parametrize(("text", "kind", "candidates"), CASES)
def test_reference_forms(text, kind, candidates):
    refs = parse_references(text)
    assert [(r.kind, r.candidates[:len(candidates)]) for r in refs] == [(kind, candidates)]
    assert refs[0].text == text.strip() and refs[0].span == (0, len(text))


def test_decision_paragraph_code():
    (ref,) = parse_references("CBD/COP/15/04/A/01")
    assert (ref.kind, ref.candidates, ref.paragraph) == ("paragraph", ["CBD/COP/15/04/A/01", "CBD/COP/DEC/15/4"],
                                                         "A/01")


@pytest.mark.parametrize(("text", "codes", "paragraph"), [
    ("Article 8(j)", ["cbd-08/j", "cbd-08"], "j"),
    ("CP-11/7 Para 21", ["CBD/CP/11/07/21", "CBD/CP/MOP/DEC/11/7"], "21"),
    ("16/32 Para 24 (e)", ["CBD/COP/16/32/24", "CBD/COP/DEC/16/32"], "24(e)"),
])
def test_paragraph_references_try_the_paragraph_first(text, codes, paragraph):
    (ref,) = parse_references(text)
    assert ref.lookup_keys == codes and ref.paragraph == paragraph


def test_references_inside_a_sentence_and_the_rest():
    text = "Where will COP 17 take place, and what did decision XV/4 and notification 2024-70 say?"
    refs = parse_references(text)
    assert [r.candidates[0] for r in refs] == ["COP-17", "CBD/COP/DEC/15/4", "2024-070"]
    assert remaining_text(text, refs) == "Where will take place, and what did and say?"


def test_activities_file_decision_references():
    assert parse_references("NP-4/3")[0].candidates == ["CBD/NP/MOP/DEC/4/3"]
    assert parse_references("CP-11/7 Para 21")[0].candidates == ["CBD/CP/MOP/DEC/11/7"]


@pytest.mark.parametrize("text", [
    "the goal a country sets", "50/50 split", "12/2024", "2024-06-01", "target 30 by 30",
    "Article", "COP", "indicator", "protected areas", "1990-2020", "IV/X", "0/0", "COP 30/4", "Aichi target 25",
    "see 2024-0701", "CBD", "ISO 14001/2015",
    "2011-20", "2021-30", "2024-25", "strategic plan 2011-20",  # spans of years, not notification numbers
])
def test_things_that_are_not_references(text):
    assert parse_references(text) == []


def test_garbage_never_raises():
    rng = random.Random(7)
    alphabet = "CBD/COP-0123456789 XIVLaApP().,:;\"'\\*-–—\u00a0生物多样性"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        for ref in parse_references(text):
            assert ref.candidates and 0 <= ref.span[0] < ref.span[1] <= len(text)
        remaining_text(text, parse_references(text))
        normalize_symbol(text)
        symbol_variants(text)
    for junk in [None, 42, b"bytes", "", " " * 10_000, "9" * 10_000]:
        assert parse_references(junk) == [] or isinstance(junk, str)
        assert isinstance(normalize_symbol(junk), str)
        assert isinstance(symbol_variants(junk), list)


def test_normalize_symbol():
    assert normalize_symbol(" cbd / cop / dec / 15 / 4 ") == "CBD/COP/DEC/15/4"
    assert normalize_symbol("COP – 16") == normalize_symbol("cop-16") == "COP-16"
    assert normalize_symbol("Decision  15/4") == "DECISION 15/4"


@pytest.mark.parametrize(("identifier", "expected"), [
    ("CBD/COP/DEC/15/4", ["CBD/COP/15/04", "decision 15/4", "15/4", "COP 15/4"]),
    ("UNEP/CBD/COP/DEC/XII/2", ["XII/2", "decision XII/2", "12/2"]),
    ("CBD/CP/MOP/DEC/11/7", ["CP-11/7", "CP 11/7"]),
    ("CBD/NP/MOP/DEC/4/3", ["NP-4/3"]),
    ("2024-070", ["2024-70"]),
    ("GBF-TARGET-03", ["GBF-TARGET-3", "target 3", "GBF target 3"]),
    ("GBF-INDICATOR-A.1", ["indicator A.1", "GBF-INDICATOR-A1"]),
    ("AICHI-TARGET-11", ["Aichi target 11"]),
    ("cbd-08", ["article 8"]),
    ("abs-14", ["Nagoya Protocol article 14"]),
    ("COP-16", ["COP 16"]),
])
def test_symbol_variants(identifier, expected):
    variants = symbol_variants(identifier)
    assert variants[0] == identifier and set(expected) <= set(variants)
    assert len({normalize_symbol(v) for v in variants}) == len(variants)


def test_every_variant_parses_back_to_its_identifier():
    for identifier in ["CBD/COP/DEC/15/4", "UNEP/CBD/COP/DEC/XII/2", "CBD/CP/MOP/DEC/11/7", "2024-070",
                       "GBF-TARGET-03", "AICHI-TARGET-11", "cbd-08", "abs-14", "COP-16"]:
        for variant in symbol_variants(identifier):
            refs = parse_references(variant)
            if refs and refs[0].span == (0, len(variant)):
                assert identifier in refs[0].candidates, variant


@pytest.mark.parametrize(("code", "title"), [
    ("COP-17", "seventeenth meeting of the Conference of the Parties"),
    ("SBSTTA-28", "twenty-eighth meeting of the Subsidiary Body on Scientific, Technical and Technological Advice"),
    ("SBI-30", "thirtieth meeting of the Subsidiary Body on Implementation"),
    ("CP-MOP-11", "eleventh meeting of the Parties to the Cartagena Protocol on Biosafety"),
    ("unknown", None),
])
def test_meeting_titles_spell_the_number(code, title):
    assert meeting_title(code) == title


@pytest.mark.parametrize(("text", "keys"), [
    ("8(j)", ["cbd-08/j", "cbd-08"]), ("8(j) nominations", ["cbd-08/j", "cbd-08"]),
    ("10(c) customary use", ["cbd-10/c", "cbd-10"]), ("Nagoya Protocol 6(a)", ["abs-06/a", "abs-06"]),
])
def test_an_articles_paragraph_typed_without_the_word_article(text, keys):
    assert [r.lookup_keys for r in parse_references(text)] == [keys]


@pytest.mark.parametrize("text", ["paragraph 5(a)", "Targets 18 and 19 (a)", "SB8J", "x8(j)"])
def test_paragraph_letters_elsewhere_are_not_articles(text):
    assert all(r.kind != "article" for r in parse_references(text))
