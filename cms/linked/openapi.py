"""OpenAPI paths of linked records (registered in LinkedConfig.ready)."""

from __future__ import annotations

from cms.api.openapi import ERROR, LANG, json_response, path_param, query_param

TRACKING = {
    "type": "object",
    "required": ["symbol", "governing_body", "session", "number", "in_hub", "paragraphs", "activities",
                 "notifications", "meetings"],
    "properties": {
        "symbol": {"type": "string"}, "short": {"type": "string"}, "dtt_code": {"type": "string"},
        "governing_body": {"type": "string", "enum": ["COP", "CP-MOP", "NP-MOP"]},
        "session": {"type": "integer"}, "number": {"type": "integer"}, "meeting": {"type": "string"},
        "in_hub": {"type": "boolean", "description": "Whether the hub holds the decision itself"},
        "record": {"type": ["object", "null"]},
        "counts": {"type": "object"},
        "paragraphs": {"type": "array", "description": "Per paragraph cited: code, label, anchor, text, activities"},
        "activities": {"type": "array"}, "notifications": {"type": "array"}, "meetings": {"type": "array"},
        "other": {"type": "array"}, "frontend_url": {"type": "string"},
    },
}


def paths() -> dict[str, dict]:
    return {
        "/api/decisions/{symbol}/tracking/": {"get": {
            "summary": "Decision tracking: the activities, notifications and meetings citing a decision",
            "description": "Any governing body (COP, CP-MOP, NP-MOP), whether the hub holds the decision or only "
                           "records citing it; per paragraph where the citing record names one. The symbol may be "
                           "written as CBD/COP/DEC/16/32, 16/32, CP-11/8 or NP-4/3.",
            "operationId": "decision_tracking",
            "parameters": [path_param("symbol"), LANG],
            "responses": {"200": json_response(TRACKING, "The decision and what cites it"),
                          "400": json_response(ERROR, "Not a decision symbol, or an unknown language (lang)"),
                          "404": json_response(ERROR, "Neither the decision nor anything citing it is in the hub")},
        }},
        "/api/records/{identifier}/cite/": {"get": {
            "summary": "Cite this record (CSL-JSON, RIS or BibTeX)",
            "operationId": "cite_record",
            "parameters": [path_param("identifier"), LANG,
                           query_param("format", {"type": "string", "enum": ["csl", "ris", "bibtex"]}),
                           query_param("download", {"type": "string"}, "Any value: send as a file")],
            "responses": {"200": {"description": "The citation",
                                  "content": {"application/vnd.citationstyles.csl+json": {"schema": {"type": "array"}},
                                              "application/x-research-info-systems": {"schema": {"type": "string"}},
                                              "application/x-bibtex": {"schema": {"type": "string"}}}},
                          "400": json_response(ERROR, "Unknown format or language (lang)"),
                          "404": json_response(ERROR, "Unknown identifier")},
        }},
        "/id/{identifier}": {"get": {
            "summary": "A record's persistent URI",
            "description": "Content negotiation: application/ld+json answers the schema.org JSON-LD; text/html is "
                           "sent (303) to the front-end page, application/json to the record API.",
            "operationId": "persistent_uri",
            "parameters": [path_param("identifier"), LANG,
                           query_param("format", {"type": "string", "enum": ["html", "jsonld", "json"]})],
            "responses": {"200": {"description": "JSON-LD", "content": {"application/ld+json": {
                "schema": {"type": "object"}}}},
                          "303": {"description": "See the page or the record API"},
                          "400": json_response(ERROR, "Unknown language (lang)"),
                          "404": json_response(ERROR, "Unknown identifier")},
        }},
    }
