"""Record lookup by identifier and the reference resolver (read-only, JSON)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.api.resolver import resolve
from cms.api.serializers import pick_locale, public_records, record_api_url, record_payload


def _language(request) -> str | None:
    lang = (request.GET.get("lang") or "").strip().lower()
    return lang if lang in settings.UN_LANGUAGE_CODES else None


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_safe
def record_detail(request, identifier: str):
    identifier = identifier.strip().strip("/")
    pages = list(public_records().filter(identifier=identifier))
    if not pages:
        pages = list(public_records().filter(identifier__iexact=identifier))
    if not pages:
        resolution = resolve(identifier)
        if resolution is None:
            return json_error(f"No published record has the identifier {identifier!r}.", 404)
        pages = list(public_records().filter(identifier=resolution.page.identifier))
    language = _language(request)
    page = pick_locale(pages, language)
    return JsonResponse(
        record_payload(page, language or page.locale.language_code), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def resolve_reference(request):
    ref = request.GET.get("ref", "")
    if not ref.strip():
        return json_error("Give the reference to resolve in ?ref=, e.g. ?ref=decision 15/4", 400)
    resolution = resolve(ref)
    if resolution is None:
        return json_error(f"No published record matches {ref[:200]!r}.", 404)
    page = resolution.page
    language = _language(request)
    return JsonResponse(
        {
            "ref": ref,
            "identifier": page.identifier,
            "type": page.record_type,
            "title": page.title,
            "match": resolution.match,
            "paragraph": resolution.paragraph,
            "url": page.url,
            "frontend_url": page.frontend_url(language),
            "api_url": record_api_url(page.identifier, language),
        },
        json_dumps_params={"ensure_ascii": False},
    )
