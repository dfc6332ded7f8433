"""/vocab/<scheme>/ and /vocab/<scheme>/<identifier>: SKOS by content negotiation — JSON-LD (default for
machines), Turtle, RDF/XML; a browser (text/html) is sent to the front end (the concept's record page, or the
search filtered to the scheme's records)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from rdflib import Graph

from cms.api.problems import problem_response
from cms.linked.negotiation import MEDIA_TYPES, preferred_format
from cms.vocab.graph import SCHEMES, concept_graph, scheme_graph

SERIALIZERS = {"jsonld": "json-ld", "turtle": "turtle", "rdfxml": "xml"}
JSONLD_CONTEXT = {"skos": "http://www.w3.org/2004/02/skos/core#", "dct": "http://purl.org/dc/terms/"}
SCHEME_TYPES = {"gbf": "gbf-target", "aichi": "aichi-target", "subjects": "subject"}


def _rdf_response(graph: Graph, kind: str) -> HttpResponse:
    if kind == "jsonld":
        body = graph.serialize(format="json-ld", context=JSONLD_CONTEXT, indent=1)
    else:
        body = graph.serialize(format=SERIALIZERS[kind])
    response = HttpResponse(body, content_type=f"{MEDIA_TYPES[kind][0]}; charset=utf-8")
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    response["Vary"] = "Accept"
    return response


def _unknown_scheme(request, scheme: str):
    return problem_response(404, f"No vocabulary {scheme[:60]!r}; the schemes are {', '.join(SCHEMES)}.",
                            request=request)


@require_safe
def scheme_view(request, scheme: str):
    if scheme not in SCHEMES:
        return _unknown_scheme(request, scheme)
    kind = preferred_format(request, offered=("html", "jsonld", "turtle", "rdfxml"))
    if kind == "html":
        query = urlencode({"type": SCHEME_TYPES[scheme], "lang": request.GET.get("lang") or "en"})
        return _see_other(f"{settings.FRONTEND_BASE_URL}?{query}")
    return _rdf_response(scheme_graph(scheme), kind)


@require_safe
def concept_view(request, scheme: str, identifier: str):
    if scheme not in SCHEMES:
        return _unknown_scheme(request, scheme)
    graph = concept_graph(scheme, identifier.strip())
    if graph is None:
        return problem_response(404, f"No concept {identifier[:100]!r} in the {scheme} vocabulary.", request=request)
    kind = preferred_format(request, offered=("html", "jsonld", "turtle", "rdfxml"))
    if kind == "html":
        query = urlencode({"id": identifier.strip(), "lang": request.GET.get("lang") or "en"})
        return _see_other(f"{settings.FRONTEND_BASE_URL}record.html?{query}")
    return _rdf_response(graph, kind)
