"""Parent and child records read from identifiers (identifiers.hierarchy)."""

from __future__ import annotations

import pytest

from identifiers import alike_by_number, child_identifiers, cited_identifiers, parent_identifier


@pytest.mark.parametrize(("identifier", "parent"), [
    ("cpb-25", "cpb"), ("abs-07", "abs"), ("cbd-08/j", "cbd"), ("cbd-annex-ii-01", "cbd"),
    ("NP-MOP-05-R1", "NP-MOP-05"), ("COP-16-R2", "COP-16"),
    ("cbd", None), ("COP-16", None), ("2024-070", None), ("GBF-TARGET-03", None), ("ACT-2025-30", None),
    ("PA-WS-2025-01", None), ("", None),
])
def test_an_article_belongs_to_its_treaty_and_a_resumed_session_to_its_meeting(identifier, parent):
    assert parent_identifier(identifier) == parent


def test_a_meeting_names_its_resumed_sessions_and_other_records_none():
    assert child_identifiers("NP-MOP-05")[:2] == ["NP-MOP-05-R1", "NP-MOP-05-R2"]
    assert all(parent_identifier(c) == "SBSTTA-27" for c in child_identifiers("SBSTTA-27"))
    assert child_identifiers("2024-070") == child_identifiers("cpb-25") == child_identifiers("COP-16-R1") == []


@pytest.mark.parametrize(("a", "b", "alike"), [
    ("COP-17", "COP-16", True), ("2025-007", "2024-007", True), ("GBF-TARGET-03", "GBF-TARGET-02", True),
    ("cpb-25", "abs-25", True), ("GBF-INDICATOR-A.3", "GBF-INDICATOR-9.CY.3", True),
    ("COP-17", "CP-MOP-12", False), ("cpb-25", "cpb", False), ("2024-070", "2024-070", False),
])
def test_records_tied_by_their_numbering_only(a, b, alike):
    assert alike_by_number(a, b) is alike


def test_a_title_cites_the_records_it_names_and_an_annex_means_its_own_treaty():
    liability = ("Invitation to submit information on experience in implementing liability and redress related "
                 "decisions (Article 14, paragraph 2 of the Convention)")
    assert cited_identifiers(liability, "2024-062") == ["cbd-14"]
    assert cited_identifiers("specialized instruments (Article 4, paragraph 4 of the Nagoya Protocol)",
                             "2025-033") == ["abs-04"]
    assert cited_identifiers("Information required concerning organisms (Article 11)", "cpb-annex-ii") == ["cpb-11"]
    assert "SBSTTA-27" in cited_identifiers("Registration for SBSTTA-27", "2025-057")
    assert cited_identifiers("CBD, Article 14: Impact Assessment", "cbd-14") == []
