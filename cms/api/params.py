"""Query parameters several endpoints share, read one way: `lang` is one of the six UN languages or absent.

An empty `lang=` (what an HTML form sends for "no choice") is treated as absent; any other value outside the six
is the client's mistake, answered 400 with the parameter's name and its values (cms.api.problems.invalid_choice),
rather than silently served in another language."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from cms.api.problems import invalid_choice
from identifiers import LANGUAGES


class InvalidChoice(ValueError):
    def __init__(self, name: str, allowed: tuple[str, ...], given: str):
        super().__init__(f"{name} must be one of: {', '.join(allowed)}")
        self.name, self.allowed, self.given = name, allowed, given

    def response(self, request: HttpRequest | None = None) -> JsonResponse:
        return invalid_choice(self.name, self.allowed, request=request, given=self.given)


def is_whole_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes '¹' or '٣', which int() then refuses (a 500, not a 400)."""
    return text.isascii() and text.isdigit()


def requested_language(request: HttpRequest) -> str | None:
    """The language asked for with ?lang=, None when absent or empty; InvalidChoice for any other value."""
    raw = request.GET.get("lang", "").strip()
    if not raw:
        return None
    if raw.lower() not in LANGUAGES:
        raise InvalidChoice("lang", tuple(LANGUAGES), raw)
    return raw.lower()
