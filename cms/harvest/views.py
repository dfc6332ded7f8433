"""/oai/ (OAI-PMH 2.0, GET and POST) and /api/changes/ (JSON upserts and tombstones since a cursor)."""

from __future__ import annotations

import re

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from oaipmh import error

from cms.api.params import is_whole_number
from cms.api.problems import problem_response
from cms.harvest.changes import MAX_LIMIT, changes_page
from cms.harvest.items import ItemKey
from cms.harvest.oai import server

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@csrf_exempt  # OAI-PMH allows POST (application/x-www-form-urlencoded); nothing here changes state
@require_http_methods(["GET", "HEAD", "POST"])
def oai_view(request):
    params = request.POST if request.method == "POST" else request.GET
    # A repeated argument is a badArgument in OAI-PMH; the library sees the list and refuses it.
    arguments = {key: values[0] if len(values) == 1 else values for key, values in params.lists()}
    oai = server()
    problem = _bad_arguments(arguments)
    if problem is not None:
        # The error echoes the request's arguments: only those XML can carry (the rest made the echo fail, a 500).
        body = oai.handleException(_xml_safe(arguments), (type(problem), problem, None))
    else:
        body = oai.handleRequest(arguments)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _xml_safe(arguments: dict) -> dict:
    def safe(text: str) -> bool:
        return not _XML_UNSAFE.search(text)

    return {key: value for key, value in arguments.items()
            if safe(key) and all(safe(item) for item in (value if isinstance(value, list) else [value]))}


def _bad_arguments(arguments: dict) -> error.BadArgumentError | None:
    """Arguments the protocol refuses before the library sees them: repeated ones, and characters XML cannot carry
    (the error message and the request echo would otherwise fail to serialise)."""
    repeated = [key for key, value in arguments.items() if isinstance(value, list)]
    if repeated:
        names = _XML_UNSAFE.sub("", ", ".join(repeated))  # the message is XML text too
        return error.BadArgumentError(f"Repeated argument: {names[:100]}")
    if any(_XML_UNSAFE.search(key) or _XML_UNSAFE.search(value) for key, value in arguments.items()):
        return error.BadArgumentError("Arguments may not contain control characters")
    return None


@require_safe
def changes_view(request):
    since = (request.GET.get("since") or "").strip()
    try:
        after = ItemKey.decode(since) if since else None
    except ValueError:
        return problem_response(400, "since must be a cursor this feed returned (next_cursor), or absent to start "
                                "from the beginning.", request=request)
    raw_limit = request.GET.get("limit") or "100"
    if not is_whole_number(raw_limit) or not 1 <= int(raw_limit) <= MAX_LIMIT:
        return problem_response(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.", request=request)
    return JsonResponse(changes_page(after, int(raw_limit), request.GET.get("type") or None,
                                     request.GET.get("gbf_target") or None),
                        json_dumps_params={"ensure_ascii": False})
