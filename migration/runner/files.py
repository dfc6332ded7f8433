"""Legacy files on disk (`--files DIR`, laid out like the legacy /doc/ tree) and their hand-over to ingest."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from django.db import transaction

from migration.spec import RecordSpec

logger = logging.getLogger(__name__)


def locate(files_dir: Path, url: str) -> Path | None:
    """'/doc/notifications/2024/x.pdf' under DIR (the /doc/ tree itself) or DIR/doc/... (the site root)."""
    relative = url.split("?", 1)[0].lstrip("/")
    root = files_dir.resolve()
    for candidate in (relative.removeprefix("doc/"), relative):
        path = (files_dir / candidate).resolve()
        if path.is_relative_to(root) and path.is_file():  # never follow ../ out of the files directory
            return path
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def attach_local_files(spec: RecordSpec, files_dir: Path | None) -> None:
    """Fill local_path/checksum of each file the directory holds; a missing file is a warning, not a failure."""
    if files_dir is None:
        return
    for file in spec.files:
        path = locate(files_dir, file.url)
        if path is None:
            spec.warnings.append(f"file {file.url} not found under {files_dir}; attached as a link only")
            continue
        file.local_path, file.checksum = str(path), sha256(path)


def hand_to_ingest(page, model_label: str) -> None:
    """After the record commits, queue text extraction of its new or changed files (if ingest is installed)."""
    try:
        from cms.records.tasks import extract_record_file
    except ImportError:
        return
    pending = [row.pk for row in page.files.all() if row.extraction_status == "pending" and row.local_path]

    def queue() -> None:
        for row_id in pending:
            try:
                extract_record_file.delay(row_id, model_label)
            except Exception:  # the broker is down: the row stays pending for a later run
                logger.exception("could not queue extraction of file row %s", row_id)

    if pending:
        transaction.on_commit(queue)
