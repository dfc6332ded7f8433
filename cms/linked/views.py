"""Decision tracking (/api/decisions/<symbol>/tracking/) and the persistent URIs of records (/id/<identifier>)."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_safe

from cms.api.params import InvalidChoice, requested_language
from cms.api.problems import problem_response
from cms.api.serializers import pick_locale, public_records, record_api_url, records
from cms.core.visibility import first_public, public_list
from cms.linked.citations import FORMATS, bibtex_key, citation
from cms.linked.jsonld import record_jsonld
from cms.linked.metadata import record_metadata
from cms.linked.negotiation import preferred_format
from cms.linked.tracking import decision_tracking, is_cited, parse_decision, tracking_page_url


def _language(request) -> str | None:
    """`lang`, None when absent; an unknown code raises InvalidChoice (a 400 through `refuses_bad_language`)."""
    return requested_language(request)


def refuses_bad_language(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            requested_language(request)
        except InvalidChoice as exc:
            return exc.response(request)
        return view(request, *args, **kwargs)
    return wrapped


@require_safe
@refuses_bad_language
def tracking_view(request, symbol: str):
    parts = parse_decision(symbol)
    if parts is None:
        return problem_response(400, f"{symbol[:200]!r} is not a decision symbol; give e.g. CBD/COP/DEC/16/32, "
                                "16/32, CP-11/8 or NP-4/3.", request=request)
    tracking = decision_tracking(parts, _language(request))
    if tracking is None:
        return problem_response(404, f"The hub neither holds decision {parts.symbol} nor any record citing it.",
                                request=request)
    return JsonResponse(tracking, json_dumps_params={"ensure_ascii": False})


@require_safe
@refuses_bad_language
def persistent_uri_view(request, identifier: str):
    """A record's persistent URI: 303 to its JSON-LD, its API record or its front-end page, as the client asks."""
    identifier = identifier.strip().strip("/")
    page = first_public(records().filter(identifier__iexact=identifier).order_by("locale__language_code"))
    if page is None:
        parts = parse_decision(identifier)
        if parts is not None and is_cited(parts):
            return _see_other(f"/api/decisions/{parts.symbol}/tracking/" if preferred_format(request) != "html"
                              else tracking_page_url(parts))
        return problem_response(404, f"No published record has the identifier {identifier!r}.", request=request)
    kind = preferred_format(request, offered=("html", "jsonld", "json"))
    language = _language(request)
    page = next((p for p in public_records().filter(identifier=page.identifier)
                 if p.locale.language_code == language), page)
    if kind == "html":
        return _see_other(page.frontend_url(language))
    if kind == "json":
        return _see_other(record_api_url(page.identifier, language))
    response = JsonResponse(record_jsonld(page, language), content_type="application/ld+json",
                            json_dumps_params={"ensure_ascii": False})
    response["Vary"] = "Accept"
    return response


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    response["Vary"] = "Accept"
    return response


@require_safe
@refuses_bad_language
def citation_view(request, identifier: str):
    """"Cite this record": ?format=csl (CSL-JSON, default), ris or bibtex; ?download=1 sends it as a file."""
    fmt = (request.GET.get("format") or "csl").strip().lower()
    if fmt not in FORMATS:
        return problem_response(400, f"format must be one of {', '.join(FORMATS)}, not {fmt[:40]!r}.",
                                request=request)
    language = _language(request)
    pages = public_list(records().filter(identifier__iexact=identifier.strip().strip("/")))
    page = pick_locale(pages, language)
    if page is None:
        return problem_response(404, f"No published record has the identifier {identifier[:200]!r}.",
                                request=request)
    body = citation(record_metadata(page, language), fmt)
    if isinstance(body, str):
        response = HttpResponse(body, content_type=f"{FORMATS[fmt]}; charset=utf-8")
    else:
        response = JsonResponse(body, safe=False, content_type=FORMATS[fmt], json_dumps_params={"ensure_ascii": False})
    if request.GET.get("download"):
        extension = {"csl": "json", "ris": "ris", "bibtex": "bib"}[fmt]
        response["Content-Disposition"] = f'attachment; filename="{bibtex_key(record_metadata(page))}.{extension}"'
    return response
