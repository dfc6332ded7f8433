"""Bad and hostile input: every case ends in a clear IngestError code, never a crash or a silent empty result."""

from __future__ import annotations

import io
import zipfile

import pytest
from ingest_builders import SAMPLES, build_docx, build_html, build_pdf

from ingest import IngestError, Limits, extract

EN = SAMPLES["en"]


def code_of(data: bytes, filename: str | None, limits: Limits | None = None) -> str:
    with pytest.raises(IngestError) as caught:
        extract(data, filename=filename, limits=limits)
    assert caught.value.message  # a sentence for the editor, not just a code
    return caught.value.code


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf(EN))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def docx_with_extra(name: str, payload: bytes) -> bytes:
    buf = io.BytesIO(build_docx(EN))
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return buf.getvalue()


def test_empty_inputs():
    assert code_of(b"", "a.pdf") == "empty"
    assert code_of(b"  \n\t ", "a.txt") == "empty"
    assert code_of(blank_pdf(), "scan.pdf") == "empty"  # no text layer and OCR is off


def test_corrupt_and_truncated():
    assert code_of(b"%PDF-1.7\n" + b"\x8f garbage \x00" * 200 + b"\n%%EOF\n", "a.pdf") == "corrupt"
    pdf = build_pdf(EN)
    assert code_of(pdf[: len(pdf) // 2], "a.pdf") == "corrupt"
    docx = build_docx(EN)
    assert code_of(docx[: len(docx) // 2], "a.docx") == "corrupt"
    assert code_of(b"PK\x03\x04" + b"\x00" * 200, "a.docx") == "corrupt"


def test_encrypted_pdf_is_refused_but_owner_only_protection_is_read():
    assert code_of(encrypted_pdf("secret"), "a.pdf") == "encrypted"
    document = extract(encrypted_pdf(""), filename="a.pdf")  # opens without a password: readable
    assert [p.label for p in document.paragraphs][:3] == ["1", "2", "3"]


def test_encrypted_docx_container_is_refused():
    # Password-protected Office files are OLE2 containers holding an "EncryptedPackage" stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert code_of(ole, "secret.docx") == "encrypted"


def test_size_and_page_limits():
    pdf = build_pdf(EN, pages=5)
    assert code_of(pdf, "a.pdf", Limits(max_bytes=len(pdf) - 1)) == "too_large"
    assert code_of(pdf, "a.pdf", Limits(max_pages=4)) == "too_many_pages"
    assert extract(pdf, filename="a.pdf", limits=Limits(max_pages=5)).pages == 5
    docx = build_docx(EN, filler_pages=3)
    assert code_of(docx, "a.docx", Limits(max_pages=3)) == "too_many_pages"


def test_oversize_file_on_disk_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"1. Text.\n" * 2000)
    with pytest.raises(IngestError) as caught:
        extract(path, limits=Limits(max_bytes=1000))
    assert caught.value.code == "too_large"


def test_docx_zip_bomb_is_refused_before_parsing():
    bomb = docx_with_extra("word/media/bomb.bin", b"\x00" * 60_000_000)
    assert len(bomb) < 1_000_000
    assert code_of(bomb, "report.docx") == "zip_bomb"
    modest = docx_with_extra("word/media/big.bin", b"\x00" * 3_000_000)
    assert code_of(modest, "report.docx", Limits(max_unzipped_bytes=2_000_000, max_zip_ratio=1e9)) == "zip_bomb"


def test_extension_that_lies_about_the_type():
    assert code_of(build_docx(EN), "decision.pdf") == "type_mismatch"
    assert code_of(build_pdf(EN), "decision.docx") == "type_mismatch"
    assert code_of(build_html(EN), "decision.pdf") == "type_mismatch"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert code_of(png, "decision.pdf") == "unsupported_type"
    # Without a name, the bytes decide.
    assert extract(build_docx(EN)).file_type == "docx"


def test_unsupported_types():
    assert code_of(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "map.png") == "unsupported_type"
    assert code_of(b"MZ\x90\x00" + b"\x00" * 100, "setup.exe") == "unsupported_type"
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert code_of(xlsx.getvalue(), None) == "unsupported_type"


def test_html_scripts_and_styles_never_reach_the_text(no_network):
    document = extract(build_html(EN, hostile=True), filename="page.html")
    assert "INJECTED_SCRIPT_TEXT" not in document.text
    assert "color:red" not in document.text and "document.write" not in document.text
    assert [p.label for p in document.paragraphs] == ["1", "2", "3", "3 (a)", "3 (b)"]
    assert no_network == []


def test_error_codes_are_closed():
    with pytest.raises(ValueError):
        IngestError("whatever", "not a code")
