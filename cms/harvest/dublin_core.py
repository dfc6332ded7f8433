"""Dublin Core (oai_dc) of a record in one language, from the one metadata mapping (cms.linked.metadata)."""

from __future__ import annotations

from oaipmh.common import Metadata

from cms.core.models import RecordPage
from cms.linked.metadata import record_metadata
from cms.linked.uris import record_uri


def dublin_core_map(page: RecordPage) -> dict[str, list[str]]:
    meta = record_metadata(page, page.locale.language_code)
    identifiers = [meta.uri, meta.identifier, meta.url,
                   *(alt["value"] for alt in meta.alternatives if alt["scheme"] in ("index-api", "dtt-code"))]
    dates = [d for d in (meta.date, meta.end_date) if d]
    return {
        "title": [meta.title],
        "creator": [meta.creator],
        "publisher": [meta.publisher],
        "subject": [*meta.gbf_targets, *meta.subjects],
        "description": [meta.description] if meta.description else [],
        "date": dates,
        "type": [meta.kinds[1], meta.record_type],
        "format": ["text/html"],
        "identifier": list(dict.fromkeys(identifiers)),
        "language": [meta.language],
        "relation": [*meta.concept_uris(), *(record_uri(m, "meeting") for m in meta.meetings)],
        "source": [meta.source_url] if meta.source_url else [],
        "coverage": [meta.location] if meta.location else [],
    }


def dublin_core(page: RecordPage) -> Metadata:
    return Metadata(None, dublin_core_map(page))
