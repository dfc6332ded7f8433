"""Issue 15, items 7-10 (pure ingest): one text normalisation, HTML without tree limits, per-file paragraph and
character limits with a clear error, the same limits in the CLI as in the worker, and Arabic / Chinese PDFs
whose text comes out as a reader would type it. Every hostile file is generated here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_builders import (
    many_paragraph_docx,
    radical_chinese,
    radical_chinese_pdf,
    unmapped_glyph_pdf,
    visual_arabic,
    visual_order_arabic_pdf,
)

from ingest import IngestError, Limits, extract, extract_isolated
from ingest.normalize import normalize_query, normalize_text

ROOT = Path(__file__).resolve().parents[2]
ARABIC = ["التنوع البيولوجي في المناطق البحرية", "1. يقرر المؤتمر تعزيز التمويل للهدف 19"]
CHINESE = ["生物多样性框架的执行", "缔约方大会决定加强资金"]


# -- the normalisation ---------------------------------------------------------------------------------------
def test_nul_control_and_format_characters_are_removed_lines_kept():
    assert normalize_text("bio\x00diversity\u00ad fin\u200bance\x07\r\nnext\tline\ufeff") == \
        "bio diversity finance \r\nnext\tline"
    assert normalize_query("  two\n\nlines\x00 ") == "two lines"


def test_presentation_forms_and_radicals_become_ordinary_letters():
    shaped = "ﺍﻟﺘﻨﻮﻉ"  # "التنوع" in presentation forms, logical order
    assert normalize_text(shaped) == "التنوع"
    assert normalize_text(radical_chinese(CHINESE[0])) == CHINESE[0]
    assert radical_chinese(CHINESE[0]) != CHINESE[0]  # the test input really holds look-alikes
    assert normalize_text("ｆｕｌｌ-width ﬁnance") == "full-width finance"


def test_visual_order_lines_are_restored_and_logical_ones_left_alone():
    for line in ARABIC:
        visual = visual_arabic(line)
        assert visual != line
        assert normalize_text(visual) == line
        assert normalize_text(normalize_text(visual)) == line  # idempotent
    assert normalize_text("Target 19: " + ARABIC[0]) == "Target 19: " + ARABIC[0]


# -- HTML ----------------------------------------------------------------------------------------------------
def test_html_deeper_than_256_levels_keeps_its_text():
    page = "<html><body>" + "<div>" * 400 + "<p>1. The deep paragraph.</p>" + "</div>" * 400 + "</body></html>"
    document = extract(page.encode(), filename="deep.html")
    assert [p.label for p in document.paragraphs] == ["1"] and "deep paragraph" in document.text


def test_400_unclosed_divs_give_400_paragraphs():
    page = "<html><body>" + "".join(f"<div>Paragraph {n} of the page." for n in range(400))
    document = extract(page.encode(), filename="unclosed.html")
    assert len(document.elements) == 400
    assert document.elements[-1].text == "Paragraph 399 of the page."


def test_text_node_over_10_mb_is_read_within_the_character_limit_and_refused_beyond_it():
    page = ("<html><body><p>" + "forest " * 1_600_000 + "</p><p>2. After the long one.</p></body></html>").encode()
    document = extract(page, filename="long.html", limits=Limits(max_chars=20_000_000))
    assert len(document.text) > 10_000_000 and document.elements[-1].text == "2. After the long one."
    with pytest.raises(IngestError) as refused:
        extract(page, filename="long.html", limits=Limits(max_chars=5_000_000))
    assert refused.value.code == "too_much_text" and "5,000,000 characters" in refused.value.message


# -- per-file limits, CLI and worker alike -------------------------------------------------------------------
def test_docx_with_480000_paragraphs_is_refused_with_a_clear_error_in_process():
    data = many_paragraph_docx(480_000)
    assert len(data) < 2_000_000  # inside every zip-bomb bound
    with pytest.raises(IngestError) as refused:
        extract(data, filename="list.docx")
    assert refused.value.code == "too_many_paragraphs"
    assert "480,000 paragraphs (limit 20,000)" in refused.value.message


def test_cli_applies_the_worker_limits(tmp_path):
    path = tmp_path / "list.docx"
    path.write_bytes(many_paragraph_docx(480_000))
    run = subprocess.run([sys.executable, "-m", "ingest", str(path), "--json"], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, check=False)
    assert run.returncode == 2
    assert json.loads(run.stdout)["error"]["code"] == "too_many_paragraphs"
    slow = subprocess.run([sys.executable, "-m", "ingest", str(path), "--max-paragraphs", "1000000", "--timeout",
                           "2"], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert slow.returncode == 2 and "error [timeout]" in slow.stderr  # the CLI runs under the worker's timeout


def test_paragraph_limit_applies_to_every_format():
    text = "\n".join(f"Line {n} of the list, long enough to stand alone as a paragraph." for n in range(300))
    with pytest.raises(IngestError) as refused:
        extract(text.encode(), filename="list.txt", limits=Limits(max_paragraphs=100))
    assert refused.value.code == "too_many_paragraphs"
    page = "".join(f"<p>Paragraph {n}.</p>" for n in range(300)).encode()
    with pytest.raises(IngestError):
        extract(page, filename="list.html", limits=Limits(max_paragraphs=100))


# -- NUL in extracted text -----------------------------------------------------------------------------------
def test_nul_after_the_first_8_kb_of_a_text_file_never_reaches_the_text():
    data = ("Biodiversity finance. " * 400).encode() + b"\x00\x00" + b"\n\n2. The second paragraph."
    document = extract(data, filename="notes.txt")
    assert "\x00" not in document.text and "second paragraph" in document.text


def test_unmapped_glyphs_of_a_pdf_leave_no_nul():
    document = extract(unmapped_glyph_pdf(["1. Biodiversity finance " + CHINESE[0]]), filename="mixed.pdf")
    assert "\x00" not in document.text and "Biodiversity finance" in document.text


# -- Arabic and Chinese PDFs ---------------------------------------------------------------------------------
def test_visual_order_arabic_pdf_comes_out_in_logical_order():
    document = extract_isolated(visual_order_arabic_pdf(ARABIC), filename="ar.pdf")
    assert document.language == "ar"
    for line in ARABIC:
        assert line in document.text
    assert not any("\ufb50" <= ch <= "\ufeff" for ch in document.text)


def test_chinese_pdf_drawn_with_radicals_comes_out_in_ordinary_characters(tmp_path):
    document = extract(radical_chinese_pdf(CHINESE, tmp_path), filename="zh.pdf")
    assert document.language == "zh"
    for line in CHINESE:
        assert line in document.text
