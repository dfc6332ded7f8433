"""Resource limits for one extraction. The CMS builds them from its settings (cms.records.extraction)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds a single file may not exceed; every check runs before the expensive parse where it can."""

    max_bytes: int = 50 * MB
    max_pages: int = 2000
    #: DOCX is a zip: the inflated total and the per-entry compression ratio bound a zip bomb.
    max_unzipped_bytes: int = 500 * MB
    max_zip_ratio: float = 200.0
    max_zip_entries: int = 10_000
    #: What one file may produce: beyond these the extraction stops with too_many_paragraphs / too_much_text.
    #: The largest real CBD documents have a few thousand paragraphs and under 2 million characters; a DOCX of
    #: 480,000 one-line paragraphs (1.2 MB zipped, inside every zip-bomb bound) took 115 s and 2.5 GB before.
    max_paragraphs: int = 20_000
    max_chars: int = 10_000_000
    #: Only for extract_isolated(): wall-clock seconds and address-space bytes of the worker process.
    timeout_seconds: float = 120.0
    max_memory_bytes: int = 3 * 1024 * MB
