"""Persistent URIs: one configurable base (PERSISTENT_BASE_URI) under which every record and concept is named.

Records are `<base>/id/<identifier>`; vocabulary concepts are `<base>/vocab/<scheme>/<identifier>` and their
schemes `<base>/vocab/<scheme>`. Both dereference on this site (cms.linked.views, cms.vocab.views)."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings

from cms.api.links import current_origin

#: Record type of a term -> the concept scheme it belongs to (the path segment of its URI).
VOCAB_SCHEMES = {
    "gbf-goal": "gbf",
    "gbf-target": "gbf",
    "gbf-indicator": "gbf",
    "aichi-goal": "aichi",
    "aichi-target": "aichi",
    "subject": "subjects",
}


def base_uri() -> str:
    """PERSISTENT_BASE_URI; unset, the origin of the request being answered (else WAGTAILADMIN_BASE_URL)."""
    configured = settings.PERSISTENT_BASE_URI.rstrip("/")
    return configured or current_origin() or settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def scheme_uri(scheme: str) -> str:
    return f"{base_uri()}/vocab/{scheme}"


def concept_uri(scheme: str, identifier: str) -> str:
    return f"{scheme_uri(scheme)}/{quote(identifier, safe='')}"


def record_uri(identifier: str, record_type: str | None = None) -> str:
    """The persistent URI of a record; a vocabulary term is named by its concept URI."""
    scheme = VOCAB_SCHEMES.get(record_type or "")
    if scheme:
        return concept_uri(scheme, identifier)
    return f"{base_uri()}/id/{quote(identifier, safe='/')}"


def term_uri(identifier: str) -> str | None:
    """The concept URI of a term known only by its identifier (a record's GBF target tag)."""
    for prefix, scheme in (("GBF-", "gbf"), ("KMGBF-", "gbf"), ("AICHI-", "aichi"), ("CBD-SUBJECT-", "subjects")):
        if identifier.upper().startswith(prefix):
            return concept_uri(scheme, identifier)
    return None
