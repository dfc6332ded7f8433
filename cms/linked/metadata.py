"""One metadata mapping of a record — creator, dates, container, identifiers, links — read by every outward
format: schema.org JSON-LD (cms.linked.jsonld), the citations (cms.linked.citations), Dublin Core (cms.harvest)
and the feeds. A field changes here once and every format follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from cms.core.models import RecordPage
from cms.linked.alternatives import alternative_identifiers
from cms.linked.uris import base_uri, record_uri, term_uri
from identifiers import BODY_NAMES

SECRETARIAT = "Secretariat of the Convention on Biological Diversity"
PUBLISHER_URL = "https://www.cbd.int"
#: Record type -> (schema.org type, Dublin Core type, CSL type, RIS type, BibTeX entry)
KINDS = {
    "decision": ("Legislation", "Text", "legislation", "GOVDOC", "misc"),
    "treaty": ("Legislation", "Text", "treaty", "STAT", "misc"),
    "treaty-article": ("Legislation", "Text", "treaty", "STAT", "misc"),
    "meeting": ("Event", "Event", "event", "CONF", "misc"),
    "meeting-document": ("CreativeWork", "Text", "report", "RPRT", "techreport"),
    "notification": ("CreativeWork", "Text", "document", "GEN", "misc"),
    "library-resource": ("CreativeWork", "Text", "document", "GEN", "misc"),
    "activity": ("CreativeWork", "Text", "document", "GEN", "misc"),
}
TERM_KIND = ("DefinedTerm", "Text", "entry", "GEN", "misc")


@dataclass
class RecordMetadata:
    identifier: str
    record_type: str
    uri: str
    title: str
    language: str
    url: str  # the record page on the front end, absolute
    api_url: str
    date: str | None
    end_date: str | None
    description: str
    creator: str
    publisher: str = SECRETARIAT
    container: str | None = None  # the meeting or treaty it belongs to
    status: str | None = None
    source_url: str | None = None
    subjects: list[str] = field(default_factory=list)  # identifiers
    gbf_targets: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    alternatives: list[dict] = field(default_factory=list)
    location: str | None = None

    @property
    def kinds(self) -> tuple[str, str, str, str, str]:
        return KINDS.get(self.record_type, TERM_KIND)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    def concept_uris(self) -> list[str]:
        return [uri for uri in (term_uri(t) for t in [*self.gbf_targets, *self.subjects]) if uri]


def absolute(url: str) -> str:
    return urljoin(base_uri() + "/", url.lstrip("/")) if url and not url.startswith("http") else url


def _creator(page: RecordPage) -> str:
    body = getattr(page, "body_code", "")
    if page.record_type == "decision" and body in BODY_NAMES:
        return BODY_NAMES[body]
    if page.record_type in ("treaty", "treaty-article"):
        return "United Nations"
    return SECRETARIAT


def _location(page: RecordPage) -> str | None:
    parts = [getattr(page, name, "") for name in ("venue", "city", "country")]
    return ", ".join(p for p in parts if p) or None


def record_metadata(page: RecordPage, language: str | None = None) -> RecordMetadata:
    page = page.specific
    language = language or page.locale.language_code
    end = getattr(page, "end_date", None)
    return RecordMetadata(
        identifier=page.identifier,
        record_type=page.record_type,
        uri=record_uri(page.identifier, page.record_type),
        title=page.title,
        language=page.locale.language_code,
        url=absolute(page.frontend_url(language)),
        api_url=absolute(f"/api/records/{page.identifier}/"),
        date=page.date.isoformat() if page.date else None,
        end_date=end.isoformat() if end else None,
        description=(page.summary or getattr(page, "description", "") or "")[:2000],
        creator=_creator(page),
        container=getattr(page, "meeting_code", "") or (page.meetings[0] if page.meetings else None),
        status=page.status or None,
        source_url=page.source_url or None,
        subjects=list(page.subjects),
        gbf_targets=list(page.gbf_targets),
        meetings=list(page.meetings),
        alternatives=alternative_identifiers(page),
        location=_location(page),
    )
