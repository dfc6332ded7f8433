"""Attaching a file to a record runs extraction (in-process by default) and the text reaches the record."""

import io

import docx
import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.records.models import MeetingDocumentFile, MeetingDocumentPage

pytestmark = pytest.mark.django_db


def _docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def uploaded_report(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.INGEST_ISOLATED = False
    content = _docx_bytes(
        [
            "Progress on the clearing-house mechanism",
            "1. The Secretariat released a new portal.",
            "(a) Parties registered national nodes.",
        ]
    )
    return Document.objects.create(title="report", file=ContentFile(content, name="report.docx"))


def test_publishing_a_record_with_a_file_extracts_its_text(site, uploaded_report, django_capture_on_commit_callbacks):
    page = MeetingDocumentPage(title="Progress report", identifier="CBD/SBI/6/INF/11", slug="cbd-sbi-6-inf-11")
    page.files = [MeetingDocumentFile(document=uploaded_report, language="en", name="report.docx")]
    with django_capture_on_commit_callbacks(execute=True):
        site["documents"].add_child(instance=page)
        page.save_revision().publish()
    row = MeetingDocumentFile.objects.get(page=page)
    assert row.extraction_status == "done", row.extraction_error
    assert "new portal" in row.extracted_text
    assert any(p.get("label") == "1 (a)" for p in row.extracted_paragraphs)
    assert "new portal" in MeetingDocumentPage.objects.get(pk=page.pk).search_text()


def test_a_corrupt_upload_is_recorded_as_failed(site, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.INGEST_ISOLATED = False
    broken = Document.objects.create(title="broken", file=ContentFile(b"PK\x03\x04 not really a zip", name="x.docx"))
    page = MeetingDocumentPage(title="Broken", identifier="CBD/SBI/6/INF/12", slug="cbd-sbi-6-inf-12")
    page.files = [MeetingDocumentFile(document=broken, language="en", name="x.docx")]
    with django_capture_on_commit_callbacks(execute=True):
        site["documents"].add_child(instance=page)
        page.save_revision().publish()
    row = MeetingDocumentFile.objects.get(page=page)
    assert row.extraction_status == "failed"
    assert row.extraction_error
