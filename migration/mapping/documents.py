"""The real meeting document: the Secretariat's draft progress report on the CHM and knowledge management.

Identifier: the report is a draft with no official symbol yet; its footnote says it is the basis of the note for
"the Subsidiary Body at its seventh meeting" (SBI-7). `CBD/SBI/7/DRAFT/CHM-KM` names the body, the session and the
draft status without inventing an INF number, and fits MeetingDocumentPage's symbol pattern."""

from __future__ import annotations

from typing import Any

from migration.mapping.common import required, text
from migration.spec import FileSpec, RecordSpec

DOCUMENTS = {
    "chm-km-progress-report-2026-draft.txt": {
        "identifier": "CBD/SBI/7/DRAFT/CHM-KM", "meeting": "SBI-07", "subjects": ["CBD-SUBJECT-CHM", "CBD-SUBJECT-KM"],
    },
}


def map_meeting_document(data: dict[str, Any]) -> RecordSpec:
    body = required(data, "text")
    known = DOCUMENTS.get(data.get("file", ""), {})
    identifier = data.get("identifier") or known.get("identifier") or ""
    title = text(body.splitlines()[0]) if body.strip() else ""
    meeting = data.get("meeting") or known.get("meeting", "")
    fields = {
        "meeting_code": meeting, "meetings": [meeting] if meeting else [], "document_type": "other",
        "status": "draft", "subjects": known.get("subjects", []), "extracted_text": body,
        "summary": text(body.splitlines()[2]) if len(body.splitlines()) > 2 else "",
    }
    return RecordSpec(model="records.MeetingDocumentPage", section="documents", identifier=identifier,
                      title=title or identifier, fields=fields, source_system="cbd-secretariat:document",
                      legacy_id=data.get("file", identifier), references=[meeting] if meeting else [],
                      document_text=body, files=_source_file(data))


def _source_file(data: dict[str, Any]) -> list[FileSpec]:
    """The text file itself, so ingest extracts its paragraphs and sections onto the file row."""
    if not data.get("path"):
        return []
    return [FileSpec(url="", name=data.get("file", ""), language="en", file_format="text/plain",
                     local_path=data["path"], checksum=data.get("sha256", ""))]
