"""extract(): bytes or a path in, Document out; every refusal is an IngestError with a stable code."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ingest.document import Document
from ingest.errors import IngestError
from ingest.html import too_much_text
from ingest.language import detect_language
from ingest.limits import Limits
from ingest.partition import check_pdf, partition
from ingest.sniff import check_zip, detect_type
from ingest.structure import parse_structure

Source = str | os.PathLike[str] | bytes


def read_source(source: Source, filename: str | None, limits: Limits) -> tuple[bytes, str | None]:
    """The bytes and file name of `source`, refusing oversize files before reading them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IngestError("corrupt", f"The file cannot be opened ({exc.strerror}).") from exc
        _check_size(size, limits)
        data = path.read_bytes()
        filename = filename or path.name
    _check_size(len(data), limits)
    return data, filename


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise IngestError(
            "too_large", f"The file is {size / 1e6:,.1f} MB; the limit is {limits.max_bytes / 1e6:,.1f} MB."
        )


def extract(source: Source, filename: str | None = None, limits: Limits | None = None) -> Document:
    """Extract text, elements, CBD paragraphs and sections, pages and language from a PDF, DOCX, HTML or text file.

    `source` is a path or the file's bytes; `filename` (optional with bytes) is checked against the content.
    Nothing is fetched from the network and no OCR runs. Raises IngestError (see ingest.errors.CODES).
    """
    limits = limits or Limits()
    data, filename = read_source(source, filename, limits)
    file_type = detect_type(data, filename)
    pdf_pages = check_pdf(data, limits) if file_type == "pdf" else None
    if file_type == "docx":
        check_zip(data, limits)
    elements = partition(data, file_type, limits)
    if not elements:
        hint = " (a scanned PDF? OCR is not run)" if file_type == "pdf" else ""
        raise IngestError("empty", f"No text could be extracted from the file{hint}.")
    pages = pdf_pages or max((e.page for e in elements if e.page), default=None)
    if pages is not None and pages > limits.max_pages:
        raise IngestError("too_many_pages", f"The document has {pages:,} pages (limit {limits.max_pages:,}).")
    text = "\n\n".join(e.text for e in elements)
    if len(text) > limits.max_chars:
        raise too_much_text(len(text), limits)
    paragraphs, sections = parse_structure(elements)
    return Document(
        elements=elements,
        text=text,
        paragraphs=paragraphs,
        sections=sections,
        language=detect_language(text),
        pages=pages,
        file_type=file_type,
        checksum=hashlib.sha256(data).hexdigest(),
        meta={"filename": filename, "bytes": len(data)},
    )
