"""The pure mappers and readers on the real exports (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migration.mapping.activities import map_activity
from migration.mapping.index_api import map_meeting, map_notification
from migration.mapping.terms import indicator_broader
from migration.readers.treaties import read_treaty
from migration.spec import MappingError

DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


def _records(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text())


def _treaty(name: str) -> dict[str, dict]:
    return {i.data["identifier"] if i.kind == "treaty-article" else i.data["code"]: i.data
            for i in read_treaty(DATA / "treaties" / name)}


def test_convention_articles_annexes_and_restarted_annex_ii_numbers():
    cbd = _treaty("convention-on-biological-diversity.en.md")
    assert [f"cbd-{n:02d}" for n in range(1, 43)] == [k for k in cbd if k[4:].isdigit()]
    assert {"cbd-annex-i", "cbd-annex-ii-01", "cbd-annex-ii-02"} <= cbd.keys()
    arbitration, conciliation = cbd["cbd-annex-ii-01"], cbd["cbd-annex-ii-02"]
    assert "Arbitration" in arbitration["title"] and "Conciliation" in conciliation["title"]
    assert [p["number"] for p in arbitration["paragraphs"]] == [str(n) for n in range(1, 18)]
    assert [p["number"] for p in conciliation["paragraphs"]] == [str(n) for n in range(1, 7)]
    article_8 = cbd["cbd-08"]
    assert article_8["title"] == "In-situ Conservation"
    assert [s["letter"] for s in article_8["paragraphs"][0]["subparagraphs"]] == list("abcdefghijklm")


def test_dutch_lines_and_relative_links_are_dropped_but_link_text_kept():
    abs_text = json.dumps(_treaty("nagoya-protocol-on-access-and-benefit-sharing.en.md"))
    cpb = _treaty("cartagena-protocol-on-biosafety.en.md")
    assert "Treedt in werking" not in abs_text and "README.md" not in abs_text and "](" not in abs_text
    assert "Being Parties to the Convention on Biological Diversity" in cpb["cpb"]["preamble"]
    assert len([k for k in cpb if k.startswith("cpb-")]) == 43  # 40 articles + annexes I-III


def test_notification_symbol_subjects_files_and_untranslated_titles():
    spec = map_notification(_records("notifications.json")[0])
    assert spec.identifier == "2024-001" and spec.fields["subjects"] == ["CBD-SUBJECT-BBI"]
    assert spec.files[0].url == "/doc/notifications/2024/ntf-2024-001-bbi-en.pdf"
    assert spec.translations == {} and spec.untranslated == ["fr", "es", "ar", "ru", "zh"]
    assert {"/notifications/2024-001", "/doc/notifications/2024/ntf-2024-001-bbi-en.pdf"} <= set(spec.legacy_urls)


def test_real_french_title_becomes_a_translation():
    record = next(r for r in _records("notifications.json") if r["symbol"] == "2024-016")
    assert map_notification(record).translations["fr"]["title"].startswith("Dialogues régionaux")


def test_meeting_code_from_link_including_numeric_codes():
    meetings = {map_meeting(m).identifier: map_meeting(m) for m in _records("meetings.json")}
    assert {"COP-17", "SBI-07", "006608"} <= meetings.keys()
    assert meetings["COP-17"].fields["related"] == ["2024-113", "2025-075", "2025-111"]


def test_missing_symbol_is_a_mapping_error_with_the_field_name():
    with pytest.raises(MappingError, match="missing required field 'symbol'"):
        map_notification({"titleEn": "x"})


def test_activity_decision_and_paragraph_references_and_text_dates():
    activities = {a["identifier"]: a for a in _records("secretariat-activities-2025-2026.json")}
    first = map_activity(activities["ACT-2025-01"])
    assert first.fields["start_text"] == "Before Q1 2026" and first.fields["date"] is None
    assert any("Before Q1 2026" in w for w in first.warnings)
    para = next(map_activity(a) for a in activities.values()
                if a["copDecision"] == "16/32" and a["copParagraphNo"] == "Para 21")
    assert para.fields["decision_refs"] == ["CBD/COP/DEC/16/32"]
    assert para.fields["paragraph_refs"] == ["CBD/COP/16/32/21"]
    sectioned = next(map_activity(a) for a in activities.values() if a["copParagraphNo"] == "Section C Para 2")
    assert sectioned.fields["paragraph_refs"] == ["CBD/CP/11/01/C/02"]


def test_indicator_broader_term_from_its_code():
    assert indicator_broader("A.1") == "GBF-GOAL-A"
    assert indicator_broader("5.CY.6") == "GBF-TARGET-05"


def test_subject_terms_are_titled_with_their_name_not_their_code():
    from migration.mapping.terms import map_subject

    assert map_subject("CBD-SUBJECT-KMGBF").title == "Kunming-Montreal Global Biodiversity Framework"
    # A code the vocabulary does not know yet stays readable until an editor names it.
    assert map_subject("CBD-SUBJECT-NEW-THING").title == "NEW THING"
