"""CBD numbering rules on hand-made block sequences (what the partitioners hand to the parser)."""

from __future__ import annotations

from ingest.document import Element
from ingest.structure import parse_structure


def blocks(*texts: str, page: int = 1) -> list[Element]:
    return [Element(index=i, type="Title" if len(t) < 40 else "NarrativeText", text=t, page=page)
            for i, t in enumerate(texts, start=1)]


def labels(*texts: str) -> list[str]:
    return [p.label for p in parse_structure(blocks(*texts))[0]]


def test_roman_items_under_letters_and_letter_i_after_h():
    assert labels("1. Chapeau:", "(a) first;", "(i) item one;", "(ii) item two;", "(b) second;") == [
        "1", "1 (a)", "1 (a) (i)", "1 (a) (ii)", "1 (b)"
    ]
    letters = [f"({c}) x;" for c in "abcdefghi"]
    assert labels("2. Chapeau:", *letters)[-1] == "2 (i)"


def test_closing_paren_letters_and_arabic_and_cyrillic_letters():
    assert labels("3. Text:", "a) one;", "b) two;") == ["3", "3 (a)", "3 (b)"]
    assert labels("3. نص:", "(أ) واحد؛", "(ب) اثنان.") == ["3", "3 (a)", "3 (b)"]
    assert labels("3- نص:", "(ج) ثلاثة.") == ["3", "3 (c)"]
    assert labels("4. Текст:", "а) один;", "с) три.") == ["4", "4 (a)", "4 (c)"]


def test_sections_roman_letter_arabic_chinese_and_annex():
    paragraphs, sections = parse_structure(blocks(
        "I. INTRODUCTION", "1. Intro text.", "II.\tOverview of work", "A. Title", "1. First.", "B. Other",
        "1. Again.", "ANNEX I", "1. Annex text.", "ألف. التنفيذ", "二、执行情况",
    ))
    assert [(s.label, s.level) for s in sections] == [
        ("I", 1), ("II", 1), ("A", 2), ("B", 2), ("Annex I", 0), ("A", 2), ("II", 1)
    ]
    assert [(p.label, p.section, p.anchor) for p in paragraphs] == [
        ("1", "I", "para-i-1"), ("1", "A", "para-a-1"), ("1", "B", "para-b-1"), ("1", "Annex I", "annex-i-para-1"),
    ]
    assert len({s.anchor for s in sections}) == len(sections)


def test_continuation_joins_the_open_paragraph_and_page_furniture_is_dropped():
    elements = blocks("5. The Conference of the Parties, recalling its decisions,") + [
        Element(index=2, type="Text", text="CBD/COP/DEC/15/4", page=2),
        Element(index=3, type="Text", text="Page 2", page=2),
        Element(index=4, type="NarrativeText", text="continues the paragraph on the next page.", page=2),
    ]
    (paragraph,), _ = parse_structure(elements)
    assert paragraph.label == "5" and paragraph.page == 1
    assert paragraph.text.endswith("continues the paragraph on the next page.")
    assert "CBD/COP/DEC/15/4" not in paragraph.text


def test_sentences_that_start_like_markers_are_not_headings():
    _, sections = parse_structure(blocks("Annex I contains the list of indicators.", "A. This sentence ends.",
                                         "Table 1. Summary of goals"))
    assert sections == []
