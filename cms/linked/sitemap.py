"""robots.txt and sitemap.xml: what crawlers may fetch, and every public record page to find.

The public site is the front end; crawlers render its pages, which read /api/records/ and /api/labels/, so those
stay allowed. Disallowed: the admin (nothing public), search and ask (an endless space of generated answers, each
costly to compute) and the search feeds (the same space as Atom).

The sitemap lists the front-end page of every public record in each language it is published in (cms.core
.visibility decides, as for the API), newest publication first, SITEMAP_LIMIT URLs per file; beyond that
/sitemap.xml is an index of numbered pages (/sitemap.xml?p=2)."""

from __future__ import annotations

from math import ceil
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from cms.api.links import absolute_link, request_origin
from cms.api.params import is_whole_number
from cms.api.serializers import public_records

SITEMAP_LIMIT = 50_000  # the sitemaps protocol's maximum per file
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DISALLOWED = ("/admin/", "/django-admin/", "/api/search/", "/api/ask/", "/feeds/search/")


def _origin(request) -> str:
    return request_origin(request) or ""


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /", "",
             f"Sitemap: {_origin(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _url_entry(location: str, lastmod: str | None) -> str:
    modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(location)}</loc>{modified}</url>"


def _xml(body: str) -> HttpResponse:
    return HttpResponse(f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n',
                        content_type="application/xml; charset=utf-8")


@require_safe
def sitemap_xml(request):
    origin = _origin(request)
    records = public_records().order_by("-last_published_at", "pk")
    pages = max(1, ceil(records.count() / SITEMAP_LIMIT))
    raw_page = request.GET.get("p", "")
    if not raw_page and pages > 1:
        entries = "".join(f"<sitemap><loc>{escape(origin)}/sitemap.xml?p={n}</loc></sitemap>"
                          for n in range(1, pages + 1))
        return _xml(f'<sitemapindex xmlns="{XMLNS}">{entries}</sitemapindex>')
    page = int(raw_page) if is_whole_number(raw_page) else (1 if not raw_page else 0)
    if not 1 <= page <= pages:
        raise Http404("No such sitemap page.")
    chunk = records[(page - 1) * SITEMAP_LIMIT:page * SITEMAP_LIMIT]
    entries = "".join(
        _url_entry(absolute_link(origin, record.frontend_url(record.locale.language_code)),
                   record.last_published_at.date().isoformat() if record.last_published_at else None)
        for record in chunk.only("identifier", "last_published_at", "locale__language_code"))
    return _xml(f'<urlset xmlns="{XMLNS}">{entries}</urlset>')
