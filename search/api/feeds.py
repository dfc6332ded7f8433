"""An Atom feed of any search (/feeds/search/?q=&type=&gbf_target=…, the parameters of /api/search/): the 50 best
(or, with sort=date_desc, the newest) records, so a reader can follow a query in a feed reader."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from cms.api.problems import problem_response
from cms.linked.metadata import absolute
from cms.linked.uris import record_uri
from search.api.export import export_hits
from search.api.params import BadRequest, SearchParams, parse
from search.engine import InvalidQuery, SearchError, SearchHit

ENTRIES = 50


class SearchFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Secretariat of the Convention on Biological Diversity"
    item_guid_is_permalink = False

    def get_object(self, request) -> tuple[SearchParams, str]:
        return parse(request.GET), request.GET.urlencode()

    def title(self, obj) -> str:
        params, _ = obj
        filters = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(params.filters.items()) if k != "language")
        return "CBD search: " + (f"“{params.q}”" if params.q else "all records") + (f" ({filters})" if filters else "")

    def link(self, obj) -> str:
        return absolute(f"{settings.FRONTEND_BASE_URL}?{obj[1]}")

    def feed_url(self, obj) -> str:
        return absolute(f"/feeds/search/?{obj[1]}")

    def items(self, obj) -> list[SearchHit]:
        return list(export_hits(obj[0], ENTRIES))

    def item_title(self, item: SearchHit) -> str:
        return f"{item.identifier} — {item.title}" if item.identifier != item.title else item.title

    def item_description(self, item: SearchHit) -> str:
        return item.type

    def item_link(self, item: SearchHit) -> str:
        query = urlencode({"id": item.identifier, "lang": item.language})
        return absolute(f"{settings.FRONTEND_BASE_URL}record.html?{query}")

    def item_guid(self, item: SearchHit) -> str:
        return record_uri(item.identifier, item.type)

    def item_pubdate(self, item: SearchHit):
        try:
            return dt.datetime.fromisoformat(item.date[:10]).replace(tzinfo=dt.UTC) if item.date else None
        except ValueError:
            return None

    def item_categories(self, item: SearchHit) -> list[str]:
        return [item.type]


_feed = SearchFeed()


@require_safe
def search_feed_view(request):
    try:
        parse(request.GET)
        return _feed(request)
    except (BadRequest, InvalidQuery) as exc:
        return problem_response(400, str(exc), request=request)
    except SearchError:
        return problem_response(503, "Search is temporarily unavailable; please try again shortly.", request=request)
