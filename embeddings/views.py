"""Public API views of the semantic capability: /api/ask/ and /api/records/<identifier>/similar/."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.api.problems import problem_response
from embeddings.modes import UNAVAILABLE
from embeddings.retrieval import answer_question, similar_records
from identifiers import LANGUAGES

logger = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 500
UNAVAILABLE_MESSAGE = "Answers are temporarily unavailable; please try again shortly."


def _error(message: str, status: int) -> JsonResponse:
    return problem_response(status, message)


def _lang(request) -> str | None:
    lang = (request.GET.get("lang") or "en").strip().lower()
    return lang if lang in LANGUAGES else None


@require_safe
def ask_view(request):
    """{question, answer, found, generated, passages:[...]}: every answer sentence comes from a cited passage."""
    question = (request.GET.get("q") or "").strip()[:MAX_QUESTION_CHARS]
    lang = _lang(request)
    if not question:
        return _error("Ask a question with ?q=", 400)
    if lang is None:
        return _error(f"lang must be one of {', '.join(LANGUAGES)}", 400)
    try:
        answer = answer_question(question, lang)
    except UNAVAILABLE:
        logger.exception("ask unavailable")
        return _error(UNAVAILABLE_MESSAGE, 503)
    return JsonResponse(answer.as_dict(), json_dumps_params={"ensure_ascii": False})


@require_safe
def similar_view(request, identifier: str):
    """Records closest in meaning to this one (best passage each), for "see also" and editors."""
    from cms.api.serializers import pick_locale, public_records

    lang = _lang(request)
    if lang is None:
        return _error(f"lang must be one of {', '.join(LANGUAGES)}", 400)
    try:
        limit = max(1, min(50, int(request.GET.get("limit") or 10)))
    except ValueError:
        return _error("limit must be an integer", 400)
    page = pick_locale(list(public_records().filter(identifier=identifier)), lang)
    if page is None:
        return _error(f"No published record {identifier!r}", 404)
    try:
        similar = similar_records(page.specific, limit)
    except UNAVAILABLE:
        logger.exception("similar records unavailable")
        return _error(UNAVAILABLE_MESSAGE, 503)
    return JsonResponse({"identifier": page.identifier, "language": page.locale.language_code,
                         "results": [s.__dict__ for s in similar]}, json_dumps_params={"ensure_ascii": False})
