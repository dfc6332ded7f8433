"""Type words typed with a slip still name their kind of record; words merely close to one do not."""

from __future__ import annotations

import pytest

from search.understanding.record_types import one_edit, type_words


@pytest.mark.parametrize(("q", "kinds", "rest"), [
    ("decision 16/32 activitie", ["activity", "decision"], "16/32"),
    ("decision 16/32 activiteis", ["activity", "decision"], "16/32"),
    ("target 3 indicaators", ["gbf-indicator"], "target 3"),
    ("notificatons about COP 17", ["notification"], "about COP 17"),
    ("SBSTTA meetinsg", ["meeting"], "SBSTTA"),
])
def test_a_misspelt_english_type_word_names_its_kind(q, kinds, rest):
    assert type_words(q) == (kinds, rest)


@pytest.mark.parametrize("q", ["melting glaciers", "indicated values", "particles of plastic", "activist groups"])
def test_a_word_close_to_a_type_word_is_left_as_typed(q):
    assert type_words(q) == ([], q)


def test_one_edit():
    assert one_edit("activiteis", "activities") and one_edit("indicaators", "indicators")
    assert one_edit("meetng", "meeting") and one_edit("articel", "article")
    assert not one_edit("article", "article") and not one_edit("articles", "particle")
    assert not one_edit("indicated", "indicator")
