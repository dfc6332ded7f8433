"""Decide what a file really is from its bytes, and refuse hostile containers before any parser sees them.

The file name is only a claim: the magic bytes decide. Binary formats are recognised with `filetype` (pure
Python, no libmagic needed); HTML and plain text, which have no magic number, by a small content sniff.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from typing import Final

import filetype

from ingest.errors import IngestError
from ingest.limits import Limits

SUPPORTED: Final[tuple[str, ...]] = ("pdf", "docx", "html", "text")

#: What a file name's extension claims. Anything else is unsupported, whatever the bytes are.
EXTENSIONS: Final[dict[str, str]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|p|div|h[1-6]|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect_type(data: bytes, filename: str | None = None) -> str:
    """Return "pdf" | "docx" | "html" | "text" for `data`, or raise IngestError.

    Raises "empty" for no bytes, "unsupported_type" for other formats and "type_mismatch" when the name's
    extension claims a different format than the bytes. HTML and text count as one family: a .txt that
    holds HTML is read as HTML (markup never leaks into text), which is safe either way.
    """
    if not data.strip():
        raise IngestError("empty", "The file is empty.")
    claimed = _claimed_type(filename)
    detected = _sniff(data)
    if claimed is not None and claimed != detected and {claimed, detected} != {"html", "text"}:
        raise IngestError(
            "type_mismatch",
            f"The file name says {claimed.upper()} but the content is {detected.upper()}; "
            "rename it with the right extension or upload the intended file.",
        )
    return detected


def _claimed_type(filename: str | None) -> str | None:
    if not filename:
        return None
    suffix = PurePath(filename).suffix.lower()
    if not suffix:
        return None
    if suffix not in EXTENSIONS:
        raise IngestError("unsupported_type", f"Files of type {suffix} are not supported (PDF, DOCX, HTML, text).")
    return EXTENSIONS[suffix]


def _sniff(data: bytes) -> str:
    head = data[:8192]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(_OLE2_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise IngestError("encrypted", "This Word document is password-protected; upload it without a password.")
        raise IngestError("unsupported_type", "Legacy Office files (.doc, .xls, .ppt) are not supported; save as DOCX.")
    kind = filetype.guess(head)
    if kind is not None:
        raise IngestError("unsupported_type", f"Files of type {kind.mime} are not supported (PDF, DOCX, HTML, text).")
    if b"\x00" in head and not head.startswith(_BOMS[1:]):
        raise IngestError("unsupported_type", "The file is binary data of an unknown type.")
    return "html" if _HTML_START.match(_strip_bom(head)) else "text"


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            if bom == _BOMS[0]:
                return head[len(bom) :]
            return head[len(bom) :].decode("utf-16-le" if bom == _BOMS[1] else "utf-16-be", "ignore").encode()
    return head


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("corrupt", f"The file looks like a ZIP/DOCX archive but cannot be opened ({exc}).") from exc
    if "word/document.xml" in names:
        return "docx"
    raise IngestError("unsupported_type", "ZIP archives other than DOCX (e.g. XLSX, PPTX, ODT) are not supported.")


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a DOCX whose archive is a zip bomb, before python-docx/unstructured inflate it.

    Declared sizes are checked first (cheap, catches honest bombs); then every entry is inflated in a
    stream with a running budget, because declared sizes in a crafted archive can lie.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError("corrupt", f"The DOCX archive cannot be opened ({exc}).") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise _bomb(f"from {len(infos):,} entries (limit {limits.max_zip_entries:,})")
        _check_declared(infos, limits)
        _check_inflated(archive, infos, limits)


def _bomb(detail: str) -> IngestError:
    return IngestError("zip_bomb", f"The DOCX archive would inflate {detail}; refusing it as a zip bomb.")


def _check_declared(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = sum(info.file_size for info in infos)
    if total > limits.max_unzipped_bytes:
        raise _bomb(f"to {total:,} bytes (limit {limits.max_unzipped_bytes:,})")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise _bomb(f"{info.filename} {ratio:,.0f}-fold (limit {limits.max_zip_ratio:,.0f})")


def _check_inflated(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Inflate every entry against the byte budget, counting the body's paragraphs (`<w:p>` elements) on the
    way: a DOCX with more than Limits.max_paragraphs is refused here in seconds, before python-docx builds
    an object per paragraph (480,000 of them took 115 s and 2.5 GB)."""
    budget = limits.max_unzipped_bytes
    paragraphs = 0
    try:
        for info in infos:
            body, tail = info.filename == "word/document.xml", b""
            with archive.open(info) as stream:
                while block := stream.read(1 << 20):
                    budget -= len(block)
                    if budget < 0:
                        raise _bomb(f"past {limits.max_unzipped_bytes:,} bytes")
                    if body:  # "<w:p>" / "<w:p ..." (not <w:pPr>); the 4-byte tail catches a tag split by blocks
                        window = tail + block
                        paragraphs += window.count(b"<w:p>") + window.count(b"<w:p ")
                        tail = block[-4:]
            if paragraphs > limits.max_paragraphs:
                raise IngestError("too_many_paragraphs", f"The DOCX has {paragraphs:,} paragraphs (limit "
                                                         f"{limits.max_paragraphs:,}); split it into smaller files.")
    except IngestError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise IngestError("corrupt", f"The DOCX archive is damaged ({exc}).") from exc
