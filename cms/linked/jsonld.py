"""schema.org JSON-LD of a record (Legislation for decisions and treaty articles, Event for meetings,
CreativeWork for documents and notifications, DefinedTerm for vocabulary terms), carried by every record's API
response (`jsonld`) and put in its front-end page. Self-contained context (`@vocab`), so it expands offline."""

from __future__ import annotations

from typing import Any

from cms.core.models import RecordPage
from cms.linked.metadata import PUBLISHER_URL, RecordMetadata, record_metadata
from cms.linked.uris import VOCAB_SCHEMES, record_uri, scheme_uri

CONTEXT = {"@vocab": "https://schema.org/"}
LEGAL_FORCE = {"active": "InForce", "implemented": "InForce", "superseded": "NotInForce", "retired": "NotInForce",
               "elapsed": "NotInForce"}


def _identifiers(meta: RecordMetadata) -> list[Any]:
    return [meta.identifier, *({"@type": "PropertyValue", "propertyID": alt["scheme"], "value": alt["value"]}
                               for alt in meta.alternatives if alt["scheme"] != "uri")]


def _typed(meta: RecordMetadata, page: RecordPage) -> dict[str, Any]:
    kind = meta.kinds[0]
    if kind == "Legislation":
        out = {"legislationIdentifier": meta.identifier, "legislationDate": meta.date,
               "legislationPassedBy": {"@type": "Organization", "name": meta.creator}}
        if meta.status in LEGAL_FORCE:
            out["legislationLegalForce"] = LEGAL_FORCE[meta.status]
        return out
    if kind == "Event":
        out = {"startDate": meta.date, "endDate": meta.end_date,
               "organizer": {"@type": "Organization", "name": meta.publisher, "url": PUBLISHER_URL}}
        if meta.location:
            out["location"] = {"@type": "Place", "name": meta.location}
        return out
    if kind == "DefinedTerm":
        scheme = VOCAB_SCHEMES.get(meta.record_type, "")
        return {"termCode": getattr(page, "code", "") or meta.identifier,
                "inDefinedTermSet": {"@id": scheme_uri(scheme)} if scheme else None}
    return {"datePublished": meta.date, "author": {"@type": "Organization", "name": meta.creator},
            "publisher": {"@type": "Organization", "name": meta.publisher, "url": PUBLISHER_URL}}


def record_jsonld(page: RecordPage, language: str | None = None) -> dict[str, Any]:
    page = page.specific
    meta = record_metadata(page, language)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": meta.kinds[0],
        "@id": meta.uri,
        "identifier": _identifiers(meta),
        "name": meta.title,
        "description": meta.description or None,
        "inLanguage": meta.language,
        "url": meta.url,
        "sameAs": [meta.source_url] if meta.source_url else None,
        "about": [{"@id": uri} for uri in meta.concept_uris()] or None,
        "isPartOf": [{"@id": record_uri(m, "meeting")} for m in meta.meetings
                     if meta.kinds[0] != "Event"] or None,
        **_typed(meta, page),
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}
