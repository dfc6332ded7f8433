"""Public API views of the semantic capability: /api/ask/ and /api/records/<identifier>/similar/."""

from __future__ import annotations

import logging

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.api.problems import invalid_choice, problem_response
from embeddings.modes import UNAVAILABLE
from embeddings.openapi import MAX_QUESTION_CHARS
from embeddings.retrieval import answer_question, similar_records
from identifiers import LANGUAGES

logger = logging.getLogger(__name__)
UNAVAILABLE_MESSAGE = "Answers are temporarily unavailable; please try again shortly."


def _error(message: str, status: int) -> JsonResponse:
    return problem_response(status, message)


def _lang(request) -> str | None:
    """`lang` (empty or absent: English); None for a code outside the six."""
    lang = (request.GET.get("lang") or "en").strip().lower() or "en"
    return lang if lang in LANGUAGES else None


def _bad_language(request) -> JsonResponse:
    return invalid_choice("lang", LANGUAGES, request=request, given=request.GET.get("lang", ""))


@require_safe
def ask_view(request):
    """{question, answer, found, generated, passages:[...]}: every answer sentence comes from a cited passage."""
    raw = request.GET.get("q") or ""
    question = raw.strip()
    lang = _lang(request)
    if not question:
        return _error("Ask a question with ?q=", 400)
    if len(raw) > MAX_QUESTION_CHARS:
        # A cut question would be answered as another question; the client shortens it instead.
        return problem_response(400, f"q must be at most {MAX_QUESTION_CHARS} characters (got {len(raw)}); "
                                "ask a shorter question", request=request, title="Invalid parameter", parameter="q")
    if lang is None:
        return _bad_language(request)
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
        return _bad_language(request)
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
