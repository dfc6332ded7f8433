"""Django's LocaleMiddleware, minus its 404 redirect for non-page URLs.

Wagtail's page route under /<lang>/ accepts any path, so the stock middleware would turn every 404 of the API
(an unknown identifier, say) into a redirect to /en/api/…; API clients must get the 404 itself."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

UNPREFIXED_PREFIXES = ("/api/", "/admin/", "/django-admin/", "/documents/", "/static/", "/media/",
                       "/id/", "/vocab/", "/oai/", "/feeds/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(UNPREFIXED_PREFIXES):
            return response
        return super().process_response(request, response)
