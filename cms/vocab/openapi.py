"""OpenAPI paths of the SKOS vocabularies (registered in VocabConfig.ready)."""

from __future__ import annotations

from cms.api.openapi import ERROR, json_response, path_param, query_param

FORMAT = query_param("format", {"type": "string", "enum": ["jsonld", "turtle", "rdfxml", "html"]},
                     "Overrides the Accept header")
RDF = {"description": "SKOS", "content": {media: {"schema": {"type": "string" if media != "application/ld+json"
                                                             else "object"}}
                                          for media in ("application/ld+json", "text/turtle", "application/rdf+xml")}}


def paths() -> dict[str, dict]:
    scheme = {"name": "scheme", "in": "path", "required": True,
              "schema": {"type": "string", "enum": ["gbf", "aichi", "subjects"]}}
    return {
        "/vocab/{scheme}": {"get": {
            "summary": "A concept scheme (GBF, Aichi targets, CBD subjects) in SKOS",
            "description": "Content negotiation: JSON-LD (default), Turtle, RDF/XML; text/html is sent (303) to "
                           "the front end.",
            "operationId": "vocab_scheme",
            "parameters": [scheme, FORMAT],
            "responses": {"200": RDF, "303": {"description": "The front end"},
                          "404": json_response(ERROR, "Unknown scheme")},
        }},
        "/vocab/{scheme}/{identifier}": {"get": {
            "summary": "A concept by its persistent URI, e.g. /vocab/gbf/GBF-TARGET-03",
            "operationId": "vocab_concept",
            "parameters": [scheme, path_param("identifier"), FORMAT],
            "responses": {"200": RDF, "303": {"description": "The concept's record page"},
                          "404": json_response(ERROR, "Unknown scheme or concept")},
        }},
    }
