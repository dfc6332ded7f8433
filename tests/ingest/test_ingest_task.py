"""The Celery task on real CMS file rows: extract, skip unchanged, keep the previous text on failure, re-index."""

from __future__ import annotations

import pytest
from ingest_builders import SAMPLES, build_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_document():
    from wagtail.models import Page

    from cms.records.models import MeetingDocumentPage

    root = Page.get_first_root_node()
    page = MeetingDocumentPage(title="Progress report", identifier="CBD/SBI/6/INF/11", slug="sbi-6-inf-11")
    root.add_child(instance=page)
    return page


@pytest.fixture
def file_row(meeting_document, settings, tmp_path):
    from cms.records.models.files import MeetingDocumentFile

    settings.MEDIA_ROOT = str(tmp_path)
    settings.INGEST_ISOLATED = False  # the isolated path has its own tests; keep these fast
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/report.docx").write_bytes(build_docx(SAMPLES["es"]))
    return MeetingDocumentFile.objects.create(page=meeting_document, name="report.docx", local_path="docs/report.docx",
                                              language="es", extraction_status="pending")


def run(row) -> str:
    from cms.records.tasks import extract_record_file

    return extract_record_file.delay(row.pk, "records.MeetingDocumentFile").get()


def test_extracts_then_skips_unchanged(file_row):
    from indexing.models import IndexOutbox

    assert run(file_row) == "done"
    file_row.refresh_from_db()
    assert file_row.extraction_status == "done" and file_row.extraction_error == ""
    assert (file_row.detected_language, file_row.page_count) == ("es", 2)
    assert [p["label"] for p in file_row.extracted_paragraphs] == ["1", "2", "3", "3 (a)", "3 (b)"]
    assert SAMPLES["es"].subparas[1] in file_row.extracted_text
    assert len(file_row.checksum) == 64 and file_row.extracted_at is not None
    assert IndexOutbox.objects.filter(page_id=file_row.page_id).exists()
    assert run(file_row) == "unchanged"


def test_failure_keeps_previous_text(file_row, tmp_path):
    run(file_row)
    file_row.refresh_from_db()
    good_text, good_checksum = file_row.extracted_text, file_row.checksum
    (tmp_path / "docs/report.docx").write_bytes(b"PK\x03\x04 truncated upload")
    assert run(file_row) == "failed"
    file_row.refresh_from_db()
    assert file_row.extraction_status == "failed"
    assert file_row.extraction_error.startswith("corrupt:")
    assert (file_row.extracted_text, file_row.checksum) == (good_text, good_checksum)
    assert len(file_row.extracted_paragraphs) == 5


def test_row_without_a_file_is_skipped_and_legacy_url_never_fetched(meeting_document, no_network):
    from cms.records.models.files import MeetingDocumentFile

    row = MeetingDocumentFile.objects.create(page=meeting_document, url="https://www.cbd.int/doc/x.pdf")
    assert run(row) == "skipped"
    row.refresh_from_db()
    assert row.extraction_status == "skipped"
    assert no_network == []


def test_missing_row():
    from cms.records.tasks import extract_record_file

    assert extract_record_file.delay(999_999, "records.DecisionFile").get() == "missing"
