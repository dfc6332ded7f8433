"""Extraction for the CMS's file rows (cms.records.models.files.RecordFileBase subclasses), through ingest's pure
`extract()`. Kept apart from tasks.py so it can be called directly (management commands, tests) without Celery.
Saving the extracted text queues the page for re-indexing (indexing listens to these saves).
Rules: a file whose checksum is unchanged and already extracted is skipped; a failure records the error and
KEEPS the previous text, paragraphs and checksum, so readers and the indexes never lose what they had.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from ingest.errors import IngestError
from ingest.extract import extract
from ingest.isolate import extract_isolated
from ingest.limits import Limits
from ingest.normalize import remove_control_characters

logger = logging.getLogger(__name__)


def read_file(row: Any) -> tuple[bytes, str] | None:
    """Bytes and name of the row's file: the Wagtail document if set, else `local_path` (relative to
    MEDIA_ROOT unless absolute). None when the row has no file to read (legacy URL only: never fetched)."""
    if row.document_id and row.document and row.document.file:
        with row.document.file.open("rb") as handle:
            return handle.read(), Path(row.document.file.name).name
    if row.local_path:
        path = Path(row.local_path)
        if not path.is_absolute():
            path = Path(settings.MEDIA_ROOT) / path
        return path.read_bytes(), path.name
    return None


def extract_row(row: Any, *, isolated: bool | None = None) -> str:
    """Extract one file row in place and return what happened: "skipped" | "unchanged" | "done" | "failed"."""
    try:
        source = read_file(row)
    except OSError as exc:
        return _fail(row, IngestError("corrupt", f"The stored file cannot be read ({exc.strerror or exc})."))
    if source is None:
        row.extraction_status = "skipped"
        row.save(update_fields=["extraction_status"])
        return "skipped"
    data, name = source
    checksum = hashlib.sha256(data).hexdigest()
    if row.checksum == checksum and row.extraction_status == "done":
        return "unchanged"
    limits = extraction_limits()
    run = extract_isolated if _isolated(isolated) else extract
    try:
        document = run(data, filename=row.name or name, limits=limits)
    except IngestError as exc:
        return _fail(row, exc)
    # ingest's text is already normalised (no NUL: PostgreSQL refuses it); this is the last guard before the save.
    row.extracted_text = remove_control_characters(document.text)
    row.extracted_paragraphs = [p.to_dict() for p in document.paragraphs]
    row.page_count = document.pages
    row.detected_language = document.language or ""
    row.checksum = checksum
    row.extraction_status, row.extraction_error, row.extracted_at = "done", "", timezone.now()
    try:
        _save_and_reindex(row, ["extracted_text", "extracted_paragraphs", "page_count", "detected_language",
                                "checksum", "extraction_status", "extraction_error", "extracted_at"])
    except DatabaseError as exc:  # the row must say why, never stay "pending"/"skipped" with no error
        row.refresh_from_db()
        return _fail(row, IngestError("corrupt", f"The extracted text could not be stored ({exc})."))
    return "done"


def extraction_limits() -> Limits:
    """ingest's defaults (the same as `python -m ingest` uses) unless a setting overrides one."""
    return Limits(max_bytes=int(getattr(settings, "INGEST_MAX_BYTES", Limits.max_bytes)),
                  max_pages=int(getattr(settings, "INGEST_MAX_PAGES", Limits.max_pages)),
                  max_paragraphs=int(getattr(settings, "INGEST_MAX_PARAGRAPHS", Limits.max_paragraphs)),
                  max_chars=int(getattr(settings, "INGEST_MAX_CHARS", Limits.max_chars)))


def _isolated(flag: bool | None) -> bool:
    return bool(getattr(settings, "INGEST_ISOLATED", True)) if flag is None else flag


def _fail(row: Any, error: IngestError) -> str:
    logger.warning("extraction failed for %s %s: %s", type(row).__name__, row.pk, error)
    row.extraction_status, row.extraction_error = "failed", f"{error.code}: {error.message}"
    _save_and_reindex(row, ["extraction_status", "extraction_error"])  # text, paragraphs, checksum kept
    return "failed"


def _save_and_reindex(row: Any, fields: list[str]) -> None:
    """Save in one transaction with the re-indexing event the save triggers (its outbox row commits with it)."""
    with transaction.atomic():
        row.save(update_fields=fields)
