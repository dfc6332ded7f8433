"""Response shapes of the CMS's public read API for its OpenAPI document (cms.api.schema): records, the resolver,
labels. Search and ask describe their own (search/api/shapes.py, embeddings/openapi.py)."""

from __future__ import annotations

REFERENCE = {
    "type": "object",
    "required": ["identifier", "resolved"],
    "description": "A reference by identifier: with title and type when the hub holds the record; otherwise "
    "resolved=false and source_url, the record's address on the CBD site when one is known",
    "properties": {
        "identifier": {"type": "string"},
        "resolved": {"type": "boolean"},
        "title": {"type": ["string", "null"]},
        "type": {"type": ["string", "null"]},
        "api_url": {"type": "string", "description": "The record in this API (absolute)"},
        "source_url": {"type": ["string", "null"]},
    },
}

FILE = {
    "type": "object",
    "properties": {
        "language": {"type": "string"},
        "format": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string", "description": "The ingested copy (absolute, on this host), else the file at its "
                "source (source_url)"},
        "source_url": {"type": "string", "description": "Where the CBD publishes the file"},
        "legacy_url": {"type": "string", "description": "The path it had on the legacy site (redirects here)"},
    },
}

RECORD = {
    "type": "object",
    "required": ["identifier", "type", "title", "language", "url", "translations", "provenance"],
    "properties": {
        "identifier": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
        "language": {"type": "string"},
        "requested_language": {"type": "string"},
        "fallback": {"type": "boolean"},
        "url": {"type": ["string", "null"], "description": "The record's page on this site (absolute; it "
                "redirects to the front end)"},
        "frontend_url": {"type": "string", "description": "The record on the reference front end: a path under "
                         "its base (FRONTEND_BASE_URL), resolved by the front end itself"},
        "api_url": {"type": "string", "description": "This record in this API (absolute)"},
        "date": {"type": ["string", "null"]},
        "status": {"type": ["string", "null"]},
        "translations": {"type": "object"},
        "provenance": {"type": "object"},
        "direction": {"type": "string", "enum": ["ltr", "rtl"], "description": "Of the content's language"},
        "meetings": {"type": "array", "items": REFERENCE},
        "related": {"type": "array", "items": REFERENCE},
        "subjects": {"type": "array", "items": REFERENCE},
        "gbf_targets": {"type": "array", "items": REFERENCE},
        "files": {"type": "array", "items": FILE, "description": "Notifications, decisions, meeting documents"},
    },
}

LABEL_ENTRY = {
    "type": "object",
    "required": ["label"],
    "properties": {
        "label": {"type": "string", "description": "What to show for the value"},
        "lang": {"type": "string", "description": "The label's language, only when it is not the one asked for"},
        "name": {"type": "string", "description": "A longer name: a target's wording, a meeting's title"},
        "name_lang": {"type": "string", "description": "The name's language, only when not the one asked for"},
    },
}

LABELS_RESULT = {
    "type": "object",
    "required": ["lang", "labels"],
    "properties": {
        "lang": {"type": "string"},
        "labels": {
            "type": "object",
            "description": "Per vocabulary (type, status, subject, gbf_target, term, meeting): value -> entry",
            "additionalProperties": {"type": "object", "additionalProperties": LABEL_ENTRY},
        },
    },
}

RESOLVED = {
    "type": "object",
    "required": ["identifier", "type", "url"],
    "properties": {
        "url": {"type": "string", "description": "The record's page on this site (absolute; it redirects to the "
                "front end); for a cited-reference, the decision's tracking in this API"},
        "api_url": {"type": ["string", "null"], "description": "The record in this API (absolute)"},
        "identifier": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
        "match": {"type": "string", "enum": ["identifier", "reference", "legacy-url", "index-id", "paragraph-code",
                                             "cited-reference"],
                  "description": "cited-reference: a decision the hub does not hold but its records cite (resolved: "
                                 "false, with governing_body, session, cited_by and tracking_url)"},
        "paragraph_code": {"type": ["string", "null"], "description": "The paragraph's code when it was found"},
        "paragraph": {"type": ["string", "null"], "description": "The paragraph the reference names, as written"},
        "anchor": {"type": ["string", "null"], "description": "Fragment of that paragraph on the record page"},
        "frontend_url": {"type": "string", "description": "The record page, at the paragraph when there is one"},
    },
}
