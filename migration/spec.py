"""The shapes exchanged inside the migration: a legacy item as read, and the record spec a mapper makes of it.

Mappers are pure (legacy dict -> RecordSpec); the runner is the only part that touches the database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

# Bump when a mapper changes what it produces, so the next run refreshes every record once.
MAPPER_VERSION = "2"  # 2: legacy_values (dates that are not dates, kept as written)


class MappingError(ValueError):
    """A legacy record that cannot become a CMS record; the message tells a person what to fix."""


@dataclass
class LegacyItem:
    """One legacy record as read from a source file (or the read error that stands in for it)."""

    kind: str
    source: str
    position: int
    data: dict[str, Any] | None = None
    error: str | None = None

    @property
    def key(self) -> str:
        return f"{self.source}#{self.position}"


@dataclass
class FileSpec:
    url: str
    name: str
    language: str
    file_format: str = ""
    local_path: str = ""  # set when --files holds the file
    checksum: str = ""  # sha256 of the local file


@dataclass
class RecordSpec:
    model: str  # app_label.ModelName
    section: str  # SectionPage.section key of the parent (ignored when `parent` is set)
    identifier: str
    title: str
    fields: dict[str, Any]
    source_system: str
    legacy_id: str
    source_url: str = ""
    parent: str | None = None  # identifier of the parent record (treaty articles)
    files: list[FileSpec] = field(default_factory=list)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {field: text}
    untranslated: list[str] = field(default_factory=list)  # languages whose legacy text copies the English
    legacy_urls: list[str] = field(default_factory=list)  # URLs/paths that should redirect to this record
    references: list[str] = field(default_factory=list)  # identifiers this record points at
    warnings: list[str] = field(default_factory=list)
    document_text: str | None = None  # full text of a document to extract structure from

    def checksum(self) -> str:
        """Hash of everything the record will hold (not warnings): equal checksum means nothing to write."""
        # Shallow: dataclasses.asdict deep-copies every nested list and dict first, which was 7% of a run.
        payload = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "warnings"}
        payload["mapper_version"] = MAPPER_VERSION
        raw = json.dumps(payload, sort_keys=True, default=_json_default, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")
