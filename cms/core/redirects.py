"""Legacy redirects that follow the public rule: a legacy URL of a record the public may not see (unpublished,
expired, restricted by password, login or group, itself or through an ancestor) is a 404, like the record itself,
instead of a redirect that names the record's address."""

from __future__ import annotations

from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.core.visibility import public_pages


class PublicRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        redirect = _redirect_for(request)
        if redirect is not None and redirect.redirect_page_id is not None and not _is_public(redirect.redirect_page_id):
            return response
        return super().process_response(request, response)


def _is_public(page_id: int) -> bool:
    return public_pages(Page.objects.filter(pk=page_id)).exists()


def _redirect_for(request) -> Redirect | None:
    """The redirect Wagtail's middleware would follow (with and without the query string)."""
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    found = get_redirect(request, path)
    if found is None:
        bare = path.split("?", 1)[0]
        found = get_redirect(request, bare) if bare != path else None
    return found
