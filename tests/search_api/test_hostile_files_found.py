"""Files that broke extraction or search (issue 15, items 7-10), through the real CMS path: the file row is
extracted (the task's function), saved (PostgreSQL refuses NUL), the page re-indexed, and a reader searches.

Runs on SQLite and again on PostgreSQL (Makefile PG_TESTS), where the NUL case used to fail."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))  # the hostile file builders

from hostile_builders import (  # noqa: E402
    many_paragraph_docx,
    radical_chinese_pdf,
    unmapped_glyph_pdf,
    visual_order_arabic_pdf,
)

pytestmark = pytest.mark.django_db

ARABIC = ["التنوع البيولوجي في المناطق البحرية", "1. يقرر المؤتمر تعزيز التمويل للهدف 19"]
CHINESE = ["生物多样性框架的执行", "缔约方大会决定加强资金"]


@pytest.fixture
def attach(make_notification, settings, tmp_path):
    """A published notification in `language` with `data` as its file, extracted as the worker does."""
    from wagtail.models import Locale

    from cms.records.extraction import extract_row
    from cms.records.models import NotificationFile

    settings.MEDIA_ROOT = str(tmp_path)

    def run(name: str, data: bytes, language: str = "en", isolated: bool = False):
        page = make_notification(title="Notification with an attached file")
        if language != "en":
            page = page.copy_for_translation(Locale.objects.get(language_code=language))
            page.title = {"ar": "إخطار", "zh": "通知"}[language]
            page.save_revision().publish()
        (tmp_path / name).write_bytes(data)
        row = NotificationFile.objects.create(page=page, name=name, local_path=name, language=language,
                                              extraction_status="pending")
        status = extract_row(row, isolated=isolated)
        row.refresh_from_db()
        return page, row, status

    return run


def found(search, q: str, lang: str) -> list[str]:
    status, body = search(q=q, lang=lang)
    assert status == 200, body
    return [r["identifier"] for r in body["results"]]


def test_nul_in_extracted_text_saves_and_the_file_is_found(attach, search):
    data = ("Mangrove restoration finance. " * 300).encode() + b"\x00" + b"\n\n2. Seagrass meadows are mapped."
    page, row, status = attach("notes.txt", data)
    assert status == "done" and row.extraction_status == "done", row.extraction_error
    assert "\x00" not in row.extracted_text
    assert page.identifier in found(search, "seagrass meadows", "en")


def test_pdf_with_unmapped_glyphs_saves_and_is_found(attach, search):
    page, row, status = attach("mixed.pdf", unmapped_glyph_pdf(["1. Coral reef monitoring " + CHINESE[0]]))
    assert status == "done", row.extraction_error
    assert page.identifier in found(search, "coral reef monitoring", "en")


def test_arabic_pdf_in_visual_order_is_found_by_an_arabic_query(attach, search):
    page, row, status = attach("ar.pdf", visual_order_arabic_pdf(ARABIC), language="ar")
    assert status == "done", row.extraction_error
    assert ARABIC[0] in row.extracted_text
    assert page.identifier in found(search, "المناطق البحرية", "ar")
    assert page.identifier in found(search, "تعزيز التمويل", "ar")


def test_chinese_pdf_drawn_with_radicals_is_found_by_a_chinese_query(attach, search, tmp_path):
    page, row, status = attach("zh.pdf", radical_chinese_pdf(CHINESE, tmp_path), language="zh")
    assert status == "done", row.extraction_error
    assert CHINESE[0] in row.extracted_text
    assert page.identifier in found(search, "生物多样性", "zh")
    assert page.identifier in found(search, "加强资金", "zh")


def test_docx_of_480000_paragraphs_fails_in_the_worker_with_a_clear_error(attach, search):
    page, row, status = attach("list.docx", many_paragraph_docx(480_000), isolated=True)
    assert status == "failed" and row.extraction_status == "failed"
    assert row.extraction_error.startswith("too_many_paragraphs: The DOCX has 480,000 paragraphs (limit 20,000)")
    assert page.identifier in found(search, "attached file", "en")  # the record itself is still searchable
