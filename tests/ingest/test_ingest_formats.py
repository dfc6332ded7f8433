"""Real PDF, DOCX and HTML files in the six UN languages: text, CBD paragraph codes, pages and language."""

from __future__ import annotations

import pytest
from ingest_builders import SAMPLES, build_docx, build_html, build_pdf

from ingest import chunk, extract

LANGS = sorted(SAMPLES)
BUILDERS = {"pdf": build_pdf, "docx": build_docx, "html": build_html}


@pytest.fixture(scope="module", params=[(lang, kind) for lang in LANGS for kind in BUILDERS], ids=lambda p: "-".join(p))
def extracted(request):
    lang, kind = request.param
    sample = SAMPLES[lang]
    return sample, kind, extract(BUILDERS[kind](sample), filename=f"decision.{kind}")


def test_language_is_detected(extracted):
    sample, _, document = extracted
    assert document.language == sample.lang


def test_text_is_complete_and_in_order(extracted):
    sample, _, document = extracted
    positions = [document.text.find(text) for text in (*sample.paragraphs, *sample.subparas)]
    assert -1 not in positions, document.text
    assert positions == sorted(positions)


def test_paragraphs_get_cbd_codes(extracted):
    sample, _, document = extracted
    by_label = {p.label: p for p in document.paragraphs}
    assert list(by_label) == ["1", "2", "3", "3 (a)", "3 (b)"]
    assert [p.anchor for p in document.paragraphs] == ["para-1", "para-2", "para-3", "para-3-a", "para-3-b"]
    assert by_label["3 (b)"].number == ("3", "b")
    assert sample.subparas[1] in by_label["3 (b)"].text
    assert all(p.section == "A" for p in document.paragraphs)


def test_section_heading_is_found(extracted):
    sample, _, document = extracted
    lettered = [s for s in document.sections if s.label == "A"]
    assert len(lettered) == 1
    assert lettered[0].title == sample.heading.split(".", 1)[1].strip()


def test_pages(extracted):
    _, kind, document = extracted
    by_label = {p.label: p for p in document.paragraphs}
    if kind == "html":
        assert document.pages is None and by_label["3"].page is None
    else:
        assert document.pages == 2
        assert (by_label["1"].page, by_label["3"].page, by_label["3 (b)"].page) == (1, 2, 2)


def test_elements_carry_type_text_page_and_number(extracted):
    _, kind, document = extracted
    assert [e.index for e in document.elements] == list(range(1, len(document.elements) + 1))
    assert {e.type for e in document.elements} <= {"Title", "NarrativeText", "ListItem", "Text", "UncategorizedText"}
    if kind != "html":
        assert {e.page for e in document.elements} == {1, 2}


def test_chunks_point_to_paragraphs_and_are_stable(extracted):
    sample, kind, document = extracted
    chunks = chunk(document, max_chars=400)
    # Sub-paragraphs stay with their numbered paragraph: a hit on the chunk points at "3".
    assert [c.paragraph_label for c in chunks] == ["1", "2", "3"]
    third = chunks[2]
    assert sample.subparas[0] in third.text and sample.subparas[1] in third.text
    assert third.anchor == "para-3" and (third.page == 2 or kind == "html")
    again = chunk(extract(BUILDERS[kind](sample), filename=f"decision.{kind}"), max_chars=400)
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
