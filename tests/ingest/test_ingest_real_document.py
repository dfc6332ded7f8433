"""The real draft meeting document (a Word text export) comes out as sections and paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import chunk, extract

REPORT = Path(__file__).resolve().parents[2] / "migration/data/chm-km-progress-report-2026-draft.txt"


@pytest.fixture(scope="module")
def report():
    return extract(REPORT)


def test_headings_are_sections(report):
    titles = [s.title for s in report.sections]
    assert "Background" in titles
    assert "Overview of the implementation of the CHM and KM by Parties" in titles
    assert "Main portal of the Central CHM (the https://chm.cbd.int site)" in titles
    assert "Conclusion" in titles
    chapter = next(s for s in report.sections if s.label == "III")
    assert chapter.title == "Overview of the Secretariat’s work to implement the CHM and KM"
    assert chapter.level == 1


def test_sentences_and_list_entries_are_not_headings(report):
    titles = {s.title for s in report.sections}
    assert "GBIF: Sharing data for use in Bioland" not in titles
    assert not [t for t in titles if t.endswith((".", ";", ":"))]


def test_one_paragraph_per_line_with_its_heading(report):
    assert report.file_type == "text" and report.language == "en"
    first = next(p for p in report.paragraphs if p.heading == "Background")
    assert first.text.startswith("Knowledge management (KM) and the clearing-house mechanism (CHM)")
    under_iii = [p for p in report.paragraphs if p.section == "III"]
    assert under_iii and under_iii[0].text.startswith("The work of the Secretariat to implement the CHM and KM")
    assert len({p.anchor for p in report.paragraphs}) == len(report.paragraphs)


def test_chunks_respect_headings_and_size(report):
    chunks = chunk(report, max_chars=1200)
    assert all(len(c.text) <= 1200 for c in chunks)
    assert all(c.heading for c in chunks[1:])
    assert len(chunks) < len(report.paragraphs)  # short neighbours are grouped
    # No paragraph text is lost between paragraphs and chunks (headings travel as chunk.heading).
    words = " ".join(p.text for p in report.paragraphs).split()
    assert words == " ".join(c.text for c in chunks).split()
