"""Record lookup by identifier and the reference resolver (read-only, JSON)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.api.params import InvalidChoice, requested_language
from cms.api.problems import problem_response
from cms.api.resolver import resolve
from cms.api.serializers import pick_locale, public_records, record_api_url, record_payload, records
from cms.core.preview import load_draft
from cms.core.visibility import public_list
from cms.linked.resolution import reference_record
from ingest.normalize import normalize_query


def json_error(message: str, status: int, request=None) -> JsonResponse:
    return problem_response(status, message, request=request)


@require_safe
def record_detail(request, identifier: str):
    try:
        language = requested_language(request)
    except InvalidChoice as exc:
        return exc.response(request)
    identifier = identifier.strip().strip("/")
    pages = list(public_records().filter(identifier=identifier))
    if not pages:
        # Case-insensitive: no index serves it, so the matches first, then their restrictions.
        pages = public_list(records().filter(identifier__iexact=identifier))
    if not pages:
        resolution = resolve(identifier)
        if resolution is None:
            return json_error(f"No published record has the identifier {identifier!r}.", 404)
        pages = list(public_records().filter(identifier=resolution.page.identifier))
    page = pick_locale(pages, language)
    return JsonResponse(
        record_payload(page, language or page.locale.language_code), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def resolve_reference(request):
    # As a search box does: a control character (a NUL, which PostgreSQL cannot hold) separates words.
    ref = normalize_query(request.GET.get("ref", ""))
    try:
        language = requested_language(request)
    except InvalidChoice as exc:
        return exc.response(request)
    if not ref:
        return json_error("Give the reference to resolve in ?ref=, e.g. ?ref=decision 15/4", 400)
    resolution = resolve(ref)
    if resolution is None:
        # A decision the hub does not hold but its records cite: a reference record, not a 404.
        cited = reference_record(ref, language)
        if cited is not None:
            return JsonResponse(cited, json_dumps_params={"ensure_ascii": False})
        return json_error(f"No published record matches {ref[:200]!r}.", 404)
    page = resolution.page
    anchor = resolution.anchor()
    frontend_url = page.frontend_url(language) + (f"#{anchor}" if anchor else "")
    return JsonResponse(
        {
            "ref": ref,
            "identifier": page.identifier,
            "type": page.record_type,
            "title": page.title,
            "match": resolution.match,
            "paragraph": resolution.paragraph,
            "paragraph_code": resolution.paragraph_codes[0] if anchor and resolution.paragraph_codes else None,
            "anchor": anchor,
            "url": page.url,
            "frontend_url": frontend_url,
            "api_url": record_api_url(page.identifier, language),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
def preview_detail(request, token: str):
    """A draft an editor is previewing, in the record API's shape plus `preview: true` (cms.core.preview).
    Readable by whoever holds the unguessable token (the front end may live on another origin, without the
    editor's session), never cached, never indexed."""
    payload = load_draft(token.strip())
    if payload is None:
        return json_error("This preview has expired or does not exist; press Preview again in the editor.", 404)
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
