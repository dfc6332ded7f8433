"""The record representation of the public API: flat, with references resolved to titles in the reader's
language and a visible fallback to English where a translation is missing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from cms.api.official import official_url
from cms.core.models import RecordPage
from cms.core.models.records import PROVENANCE_FIELDS
from cms.core.visibility import public_list, public_pages
from cms.linked.payload import linked_fields


def public_records() -> QuerySet[RecordPage]:
    """Records the public may see (cms.core.visibility): drafts, expired and private pages never reach the API."""
    return public_pages(RecordPage.objects.all()).select_related("locale")


def records() -> QuerySet[RecordPage]:
    """Every record, unfiltered: for lookups by a predicate no index serves (identifier `iexact`, `related`
    LIKE), which cms.core.visibility.public_list() / first_public() then filter to the public ones."""
    return RecordPage.objects.select_related("locale")


def pick_locale(pages: list[RecordPage], language: str | None) -> RecordPage | None:
    by_lang = {p.locale.language_code: p for p in pages}
    return by_lang.get(language or "") or by_lang.get(settings.LANGUAGE_CODE) or (pages[0] if pages else None)


def record_api_url(identifier: str, language: str | None = None) -> str:
    url = reverse("record-detail", kwargs={"identifier": identifier})
    return f"{url}?{urlencode({'lang': language})}" if language else url


def resolve_references(identifiers: list[str], language: str | None, kind: str | None = None) -> list[dict[str, Any]]:
    """Each identifier with its record's title and type, or resolved=False when no published record has it (then
    with `source_url`, the record's address on the CBD site when one is known, else null)."""

    if not identifiers:
        return []
    found: dict[str, list[RecordPage]] = {}
    for page in public_records().filter(identifier__in=identifiers):
        found.setdefault(page.identifier, []).append(page)
    out = []
    for identifier in identifiers:
        page = pick_locale(found.get(identifier, []), language)
        if page is None:
            out.append({"identifier": identifier, "resolved": False, "title": None, "type": None,
                        "source_url": official_url(identifier, kind)})
        else:
            out.append(
                {
                    "identifier": identifier,
                    "resolved": True,
                    "title": page.title,
                    "type": page.record_type,
                    "api_url": record_api_url(identifier, language),
                }
            )
    return out


def referenced_by(page: RecordPage, language: str | None) -> dict[str, list[dict[str, Any]]]:
    """Records that point at this one (a meeting's documents and notifications, a target's tagged records)."""
    from cms.api.filters import _json_token

    token = _json_token(page.identifier)
    field = {"meeting": "meetings__icontains", "gbf-target": "gbf_targets__icontains"}.get(page.record_type)
    queryset = records().filter(locale__language_code=settings.LANGUAGE_CODE)
    queryset = queryset.filter(**{field or "related__icontains": token})
    groups: dict[str, list[dict[str, Any]]] = {}
    for other in public_list(queryset.order_by("-date"), limit=200):
        groups.setdefault(other.record_type, []).append(
            {"identifier": other.identifier, "title": other.title, "date": other.date and other.date.isoformat()}
        )
    return groups


def record_payload(page: RecordPage, requested_language: str | None = None) -> dict[str, Any]:
    page = page.specific
    language = page.locale.language_code
    requested = requested_language or language
    status = page.translation_status()
    payload: dict[str, Any] = {
        "identifier": page.identifier,
        "type": page.record_type,
        "title": page.title,
        "language": language,
        "requested_language": requested,
        "fallback": language != requested or status.get(requested) == "missing",
        "direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        "url": page.url,
        "frontend_url": page.frontend_url(requested),
        "api_url": record_api_url(page.identifier, requested),
        "symbol": page.identifier,
        "date": page.date.isoformat() if page.date else None,
        "status": page.status or None,
        "summary": page.summary,
        "gbf_targets": resolve_references(page.gbf_targets, requested),
        "subjects": resolve_references(page.subjects, requested),
        "meetings": resolve_references(page.meetings, requested, kind="meeting"),
        "related": resolve_references(page.related, requested),
        "translations": {
            code: {"status": state, "api_url": record_api_url(page.identifier, code)} for code, state in status.items()
        },
        "provenance": {
            name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name in PROVENANCE_FIELDS
            for value in [getattr(page, name)]
        },
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    payload.update(page.api_detail())
    # Identifier lists a type declares as references (an activity's decisions and notifications) are resolved like
    # the shared ones: title and type when the hub holds the record, the official address when it does not.
    for key in getattr(page, "API_REFERENCE_LISTS", ()):
        payload[key] = resolve_references(list(payload.get(key) or []), requested)
    payload["referenced_by"] = referenced_by(page, requested)
    payload.update(linked_fields(page, requested))  # alternative identifiers, schema.org JSON-LD, citations
    return payload
