"""Identifier forms per record type, decision symbols and Roman numerals (identifiers.forms, .numerals)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from identifiers import FORMS, dtt_code, int_to_roman, is_valid, official_symbol, ordinal, roman_to_int


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("notification", "2024-070", "2024-70"),
    ("decision", "CBD/COP/DEC/15/4", "CBD/COP/DEC/XV/4"),
    ("decision", "UNEP/CBD/COP/DEC/XII/2", "UNEP/CBD/COP/DEC/12/2"),
    ("gbf-target", "GBF-TARGET-03", "GBF-TARGET-3"),
    ("treaty-article", "cbd-08", "cbd-8"),
    ("activity", "ACT-2024-01", "ACT-24-01"),
    ("meeting-document", "CBD/SBI/6/INF/11/Add.1", "SBI/6"),
])
def test_each_kind_accepts_its_form_and_refuses_a_near_miss(kind, good, bad):
    assert is_valid(kind, good)
    assert not is_valid(kind, bad)
    assert FORMS[kind].example  # shown to editors and in migration errors


def test_a_kind_without_a_fixed_form_accepts_any_identifier():
    assert is_valid("library-resource", "VLR-12345")


@pytest.mark.parametrize(("body", "session", "number", "symbol", "dtt"), [
    ("COP", 15, 4, "CBD/COP/DEC/15/4", "CBD/COP/15/04"),
    ("COP", 12, 2, "UNEP/CBD/COP/DEC/XII/2", "CBD/COP/12/02"),
    ("CP-MOP", 11, 7, "CBD/CP/MOP/DEC/11/7", "CBD/CP/11/07"),
    ("NP-MOP", 5, 3, "CBD/NP/MOP/DEC/5/3", "CBD/NP/05/03"),
])
def test_decision_symbols_follow_the_official_forms(body, session, number, symbol, dtt):
    assert official_symbol(body, session, number) == symbol
    assert dtt_code(body, session, number) == dtt


@pytest.mark.parametrize("n", [1, 4, 9, 12, 14, 40, 49, 99])
def test_roman_numerals_round_trip(n):
    assert roman_to_int(int_to_roman(n)) == n
    assert roman_to_int(int_to_roman(n).lower()) == n


@pytest.mark.parametrize("text", ["IIII", "VX", "", "ABC", "IC"])
def test_malformed_roman_numerals_are_refused(text):
    assert roman_to_int(text) is None


def test_ordinals_spell_meeting_numbers_as_titles_do():
    assert [ordinal(n) for n in (1, 17, 20, 28, 30)] == ["first", "seventeenth", "twentieth", "twenty-eighth",
                                                        "thirtieth"]


def test_the_package_imports_no_django_and_no_other_project_package():
    code = ("import sys, identifiers; identifiers.parse_references('decision 15/4'); "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "{'django', 'cms', 'search', 'embeddings', 'ingest', 'migration', 'indexing', 'frontend'}]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
