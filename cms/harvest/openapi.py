"""OpenAPI paths of harvesting (registered in HarvestConfig.ready)."""

from __future__ import annotations

from cms.api.openapi import ERROR, json_response, query_param

CHANGES = {
    "type": "object",
    "required": ["changes", "next_cursor", "has_more"],
    "properties": {
        "since": {"type": ["string", "null"]},
        "changes": {"type": "array", "items": {"type": "object", "required": ["op", "identifier", "language",
                                                                                "type", "datestamp", "cursor"]},
                    "description": "Oldest first: op upsert (title, date, api_url) or delete (reason)"},
        "next_cursor": {"type": ["string", "null"], "description": "Pass as ?since= to continue or to poll later"},
        "has_more": {"type": "boolean"},
    },
}
OAI_PARAMS = [
    # Not an enum: OAI-PMH answers an unknown verb 200 with <error code="badVerb"> (the protocol's way), not 400.
    query_param("verb", {"type": "string"}, "Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords "
                "or GetRecord; any other value is answered with the protocol's badVerb error (HTTP 200)"),
    query_param("metadataPrefix", {"type": "string", "enum": ["oai_dc"]}),
    query_param("set", {"type": "string"}, "type:<record type> or gbf-target:<GBF-TARGET-NN>"),
    query_param("from", {"type": "string"}, "YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ"),
    query_param("until", {"type": "string"}),
    query_param("identifier", {"type": "string"}, "oai:<namespace>:<language>/<identifier>"),
    query_param("resumptionToken", {"type": "string"}),
]


def paths() -> dict[str, dict]:
    return {
        "/oai/": {"get": {
            "summary": "OAI-PMH 2.0 repository (Dublin Core)",
            "description": "Every published record in every language; sets per record type and GBF target; "
                           "deleted records are persistent tombstones. Errors are OAI-PMH errors in the XML.",
            "operationId": "oai_pmh",
            "parameters": OAI_PARAMS,
            "responses": {"200": {"description": "OAI-PMH response", "content": {"text/xml": {"schema": {
                "type": "string"}}}}},
        }},
        "/api/changes/": {"get": {
            "summary": "JSON changes feed: upserts and tombstones since a cursor",
            "description": "The same items and order as OAI-PMH. Start without since; keep next_cursor.",
            "operationId": "changes",
            "parameters": [query_param("since", {"type": "string"}, "A cursor from an earlier answer"),
                           query_param("limit", {"type": "integer", "minimum": 1, "maximum": 1000}),
                           query_param("type", {"type": "string"}), query_param("gbf_target", {"type": "string"})],
            "responses": {"200": json_response(CHANGES, "Changes, oldest first"),
                          "400": json_response(ERROR, "Bad cursor or limit")},
        }},
    }
