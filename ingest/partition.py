"""Run unstructured's partitioner for one detected type, with offline, no-OCR settings, and map its elements.

PDF: strategy "fast" (pdfminer text layer only; hi_res and OCR would need hub models and are never used).
pypdf looks at the PDF first, because unstructured's "fast" path swallows parse errors and returns nothing:
encryption, page count, truncation and corruption must be told apart before that.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from ingest import offline
from ingest.document import Element
from ingest.errors import IngestError
from ingest.html import html_blocks, too_many_paragraphs, too_much_text
from ingest.limits import Limits
from ingest.normalize import normalize_text

logger = logging.getLogger(__name__)
_LANGUAGES = ["eng"]  # only steers unstructured's English heuristics; detection is ours (ingest.language)


def check_pdf(data: bytes, limits: Limits) -> int:
    """Page count of a readable PDF; IngestError for encrypted, truncated, corrupt or too long ones."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%%EOF" not in data[-2048:]:
        raise IngestError("corrupt", "The PDF is truncated (no end-of-file marker); upload the complete file.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError("encrypted", "This PDF is password-protected; upload a copy without a password.")
            pages = len(reader.pages)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError("corrupt", f"The PDF cannot be read ({exc}).") from exc
    if pages == 0:
        raise IngestError("empty", "The PDF has no pages.")
    if pages > limits.max_pages:
        raise IngestError("too_many_pages", f"The PDF has {pages:,} pages (limit {limits.max_pages:,}).")
    return pages


def partition(data: bytes, file_type: str, limits: Limits | None = None) -> list[Element]:
    """Elements of `data` (already type-checked) in reading order, their text normalised (ingest.normalize)."""
    limits = limits or Limits()
    if file_type == "html":
        return _html_elements(data, limits)
    offline.install()
    raw = _text(data, limits) if file_type == "text" else _PARTITIONERS[file_type](data)
    if len(raw) > limits.max_paragraphs:
        raise too_many_paragraphs(len(raw), limits)
    elements: list[Element] = []
    for item in raw:
        text = normalize_text(item.text or "").strip()
        if not text:
            continue
        elements.append(
            Element(index=len(elements) + 1, type=item.category, text=text, page=item.metadata.page_number)
        )
    return elements


_HTML_TYPES = {"heading": "Title", "item": "ListItem", "text": "NarrativeText"}


def _html_elements(data: bytes, limits: Limits) -> list[Element]:
    """HTML through ingest.html (a streaming parser: no depth or text-node limit drops content)."""
    elements: list[Element] = []
    for block in html_blocks(_decode(data), limits):
        text = normalize_text(block.text).strip()
        if text:
            elements.append(Element(index=len(elements) + 1, type=_HTML_TYPES[block.kind], text=text, page=None))
    return elements


def _pdf(data: bytes) -> list[Any]:
    from unstructured.partition.pdf import partition_pdf

    return partition_pdf(
        file=io.BytesIO(data), strategy="fast", languages=_LANGUAGES, infer_table_structure=False,
        extract_images_in_pdf=False,
    )


def _docx(data: bytes) -> list[Any]:
    from unstructured.partition.docx import partition_docx

    try:
        return partition_docx(file=io.BytesIO(data), include_page_breaks=False, infer_table_structure=True)
    except (KeyError, ValueError) as exc:  # python-docx: missing parts or broken XML relationships
        raise IngestError("corrupt", f"The DOCX cannot be read ({exc}).") from exc


def _text(data: bytes, limits: Limits) -> list[Any]:
    from unstructured.partition.text import partition_text

    text = _decode(data)
    if len(text) > limits.max_chars:
        raise too_much_text(len(text), limits)
    # A text export of a Word document has one paragraph per line; hard-wrapped text has short lines grouped
    # by blank lines. unstructured's auto grouper only looks at blank-line density, which merges the former.
    grouper = False if _one_paragraph_per_line(text) else None
    return partition_text(text=text, paragraph_grouper=grouper, languages=_LANGUAGES)


def _one_paragraph_per_line(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    long_lines = sum(1 for line in lines if len(line) > 160)
    return long_lines >= 0.2 * len(lines)


def _decode(data: bytes) -> str:
    """Text of `data`: UTF-8/UTF-16 by BOM, else UTF-8, else the encoding charset-normalizer finds."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise IngestError("corrupt", "The text file's character encoding cannot be determined.") from None
        return str(best)


_PARTITIONERS = {"pdf": _pdf, "docx": _docx}
