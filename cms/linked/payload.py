"""What linked data adds to every record's API response (cms.api.serializers calls this once)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cms.core.models import RecordPage
from cms.linked.alternatives import alternative_identifiers
from cms.linked.jsonld import record_jsonld
from cms.linked.uris import record_uri


def linked_fields(page: RecordPage, language: str | None) -> dict[str, Any]:
    page = page.specific
    out: dict[str, Any] = {
        "uri": record_uri(page.identifier, page.record_type),
        "alternative_identifiers": alternative_identifiers(page),
        "jsonld": record_jsonld(page, language),
        "cite": {fmt: reverse("record-citation", kwargs={"identifier": page.identifier}) + f"?format={fmt}"
                 for fmt in ("csl", "ris", "bibtex")},
    }
    if page.record_type == "decision":
        from cms.linked.tracking import tracking_url  # imports the API's queries: loaded late, no import cycle
        from identifiers import decision_parts

        parts = decision_parts(page.identifier)
        if parts is not None:
            out["tracking_url"] = tracking_url(parts)
    return out
