"""The OpenAPI description of /api/ask/ and /api/records/<identifier>/similar/, registered into the project's
document (cms.api.openapi)."""

from __future__ import annotations

from cms.api.openapi import ERROR, LANG, json_response, query_param

MAX_QUESTION_CHARS = 500  # the longest question taken (embeddings.views refuses longer ones, documented here)

CITED_PASSAGE = {
    "type": "object",
    "required": ["identifier", "paragraph_code", "anchor", "url", "language", "text", "title", "score"],
    "properties": {
        "identifier": {"type": "string", "description": "The cited record, e.g. 2024-060"},
        "paragraph_code": {"type": ["string", "null"], "description": "e.g. CBD/COP/15/04/A/01"},
        "anchor": {"type": ["string", "null"], "description": "Fragment of the paragraph on the record page"},
        "url": {"type": "string"},
        "language": {"type": "string"},
        "text": {"type": "string", "description": "The passage the answer is drawn from"},
        "title": {"type": "string"},
        "score": {"type": "number", "description": "Cosine similarity of the passage to the question"},
    },
}
ASK_RESULT = {
    "type": "object",
    "required": ["question", "answer", "found", "citations", "passages"],
    "properties": {
        "question": {"type": "string"},
        "answer": {
            "type": "string",
            "description": "A sentence of the first cited passage (or, when a generator is configured, a "
            "rephrasing citing [n] passages); a 'nothing found' message when found is false",
        },
        "found": {"type": "boolean", "description": "False when no passage answers closely enough"},
        "generated": {"type": "boolean", "description": "True when the optional generator wrote the answer"},
        "citations": {"type": "array", "items": CITED_PASSAGE, "description": "Citations, best first"},
        "passages": {"type": "array", "items": CITED_PASSAGE, "description": "Same list as citations"},
    },
}
SIMILAR_RESULT = {
    "type": "object",
    "required": ["identifier", "results"],
    "properties": {
        "identifier": {"type": "string"},
        "language": {"type": "string"},
        "results": {"type": "array", "items": {**CITED_PASSAGE, "properties": {
            **CITED_PASSAGE["properties"], "type": {"type": "string"}}}},
    },
}


def paths() -> dict[str, dict]:
    return {
        "/api/ask/": {
            "get": {
                "summary": "Answer a question with cited passages",
                "operationId": "ask",
                "parameters": [
                    {"name": "q", "in": "query", "required": True,
                     "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUESTION_CHARS, "pattern": r"\S"},
                     "description": f"The question: at least one character besides spaces, at most "
                                    f"{MAX_QUESTION_CHARS} (a longer one is a 400, not cut)"},
                    {**LANG, "description": f"The answer's language, English by default. {LANG['description']}"},
                ],
                "responses": {
                    "200": json_response(ASK_RESULT, "Answer with citations, or found=false"),
                    "400": json_response(ERROR, "No question, a question too long, or an unknown language"),
                    "503": json_response(ERROR, "The vector store is temporarily unavailable"),
                },
            }
        },
        "/api/records/{identifier}/similar/": {
            "get": {
                "summary": "Records closest in meaning to this one (best passage each)",
                "operationId": "similar_records",
                "parameters": [
                    {"name": "identifier", "in": "path", "required": True, "schema": {"type": "string"}},
                    LANG,
                    query_param("limit", {"type": "integer", "minimum": 1, "maximum": 50}),
                ],
                "responses": {
                    "200": json_response(SIMILAR_RESULT, "Similar records"),
                    "400": json_response(ERROR, "Invalid parameter"),
                    "404": json_response(ERROR, "Unknown identifier"),
                    "503": json_response(ERROR, "The vector store is temporarily unavailable"),
                },
            }
        }
    }
