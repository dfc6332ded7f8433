"""A request whose path carries a NUL character is refused with 400 before any view sees it.

PostgreSQL text cannot hold NUL (0x00): an identifier in a path (/api/records/<id>/, a legacy URL looked up among
the redirects) would fail in the database with a 500. No path holds one legitimately. Query parameters are each
endpoint's own: the search API reads a NUL as a separator, the Wagtail API refuses it with a 400 that names the
parameter (cms.api.v2_params)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse

MESSAGE = "The address contains a NUL character (%00), which no path may hold."


class RefuseNulPathMiddleware:
    """Placed after the API's problem middleware, so an API client gets the 400 as problem+json."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" not in request.path:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MESSAGE, "message": MESSAGE}, status=400)  # message: as Wagtail v2 errors
        return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
