"""The one error type ingest raises: a stable machine code plus a message a person can act on."""

from __future__ import annotations

from typing import Final

#: Every code `IngestError` can carry. The CMS shows the message; scripts and tests match the code.
CODES: Final[frozenset[str]] = frozenset(
    {
        "corrupt",  # the bytes do not parse as the detected format (includes truncated files)
        "encrypted",  # password-protected PDF or DOCX
        "empty",  # no bytes, or no extractable text (e.g. a scanned PDF: OCR is deliberately off)
        "too_large",  # more bytes than Limits.max_bytes
        "too_many_pages",  # more pages than Limits.max_pages
        "too_many_paragraphs",  # more paragraphs than Limits.max_paragraphs
        "too_much_text",  # more characters than Limits.max_chars
        "zip_bomb",  # a DOCX whose archive would inflate past Limits.max_unzipped_bytes / max_zip_ratio
        "type_mismatch",  # the file name says one type, the magic bytes another
        "unsupported_type",  # a format ingest does not read (images, spreadsheets, executables, ...)
        "timeout",  # extract_isolated: the worker ran out of time
        "resources",  # extract_isolated: the worker ran out of memory or died
    }
)


class IngestError(Exception):
    """Extraction failed for a reason that belongs to the file, not to the code.

    `code` is one of CODES; `message` is a sentence for an editor ("This PDF is password-protected ...").
    """

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown IngestError code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
