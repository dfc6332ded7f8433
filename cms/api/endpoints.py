"""Wagtail API v2 router: the generic pages endpoint plus one endpoint per content type, and documents.

Every endpoint shows only what the public may see (cms.core.visibility, the same rule for every reader and in a
constant number of queries, where Wagtail's own adds a clause per view restriction), keeps Wagtail's parameters
(`fields=`, `locale=`, `type=`, `search=`, `order=`, pagination), adds the record filters of cms.api.filters, and
answers every malformed parameter with a 400 in the problem+json shape (cms.api.v2_params)."""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.models import Page, Site

from cms.api.filters import RECORD_FILTER_PARAMS, RecordFilterBackend
from cms.api.params import is_whole_number
from cms.api.problems import problem_response
from cms.api.v2_params import (
    MAX_DB_INT,
    ValidatedFieldsFilter,
    ValidatedSearchFilter,
    check_common_parameters,
    with_validated_search,
)
from cms.core.visibility import public_documents, public_page_ids, public_pages
from cms.records.models import (
    ActivityPage,
    DecisionPage,
    LibraryResourcePage,
    MeetingDocumentPage,
    MeetingPage,
    NotificationPage,
    TreatyArticlePage,
    TreatyPage,
)
from cms.taxonomy.models import TermPage

MAX_OFFSET = 1_000_000


class PublicAPIMixin:
    """Parameters checked before Wagtail reads them, errors as problem+json (with Wagtail's `message` kept for
    earlier clients)."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        check_common_parameters(self.request.GET, max_offset=MAX_OFFSET)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(response, Response) and 400 <= response.status_code < 500 and isinstance(response.data, dict):
            detail = str(response.data.get("message") or response.data.get("detail") or "Invalid request")
            return problem_response(response.status_code, detail, request=self.request, message=detail)
        return response

    def listing_view(self, request):
        # Before the base queryset: it reads ?site= from the database (a NUL there failed in PostgreSQL).
        check_common_parameters(request.GET, max_offset=MAX_OFFSET)
        return with_validated_search(request, lambda: super(PublicAPIMixin, self).listing_view(request))

    def detail_view(self, request, pk):
        if int(pk) > MAX_DB_INT:  # beyond any id the database can hold (SQLite failed on the lookup)
            raise Http404("not found")
        return super().detail_view(request, pk)

    def find_view(self, request):
        check_common_parameters(request.GET, max_offset=MAX_OFFSET)
        wanted = request.GET.get("id")
        if wanted is not None and not (is_whole_number(wanted) and int(wanted) <= MAX_DB_INT):
            raise BadRequestError("id must be a positive integer")
        return super().find_view(request)


_CHECKED_FILTERS = {"SearchFilter": ValidatedSearchFilter, "FieldsFilter": ValidatedFieldsFilter}


def _checked(backends: list) -> list:
    """Wagtail's filter backends, with the search and field filters replaced by ones that check values first."""
    return [_CHECKED_FILTERS.get(b.__name__, b) for b in backends]


class RecordPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    filter_backends = [RecordFilterBackend, *_checked(PagesAPIViewSet.filter_backends)]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(RECORD_FILTER_PARAMS)
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "identifier", "record_type", "date"]

    def get_queryset(self):
        """Wagtail's, with each page's locale read in the same query: the listing shows `meta.locale` of every item,
        which read the locale row once per item (20 identical queries for a page of 20 results)."""
        return super().get_queryset().select_related("locale")

    def get_base_queryset(self):
        """Wagtail's, with the public rule instead of one `NOT descendant_of` per restriction; the same for every
        reader (a logged-in member's access to restricted pages is Wagtail's page serving, not this public API).

        Built once per request: Wagtail asks for it three times in a listing (the queryset, the serializer class,
        the serializer context), and each build reads the site root's translations and the restricted depths.
        The queryset is lazy and every later filter clones it, so sharing it within a request is safe."""
        if getattr(self, "_base_queryset", None) is None:
            site = self._site()
            if site is None:
                self._base_queryset = Page.objects.none()
            else:
                self._base_queryset = self._public_pages(Page.objects.filter(self._in_site(site)))
        return self._base_queryset

    @staticmethod
    def _in_site(site: Site) -> Q:
        """The site's pages and its root's translations' (the subtrees OR-ed as paths, before the public rule: OR-ing
        filtered querysets repeated the rule once per locale, ×6 its cost with ?search=)."""
        roots = [site.root_page]
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            roots += list(site.root_page.get_translations())
        return reduce(operator.or_, (Q(path__startswith=root.path, depth__gte=root.depth) for root in roots))

    def _public_pages(self, pages: QuerySet) -> QuerySet:
        """In a listing, the public ids as a subquery: Wagtail's search backends translate `pk IN`, not the rule's
        own clauses, and a listing decides every page anyway (its total counts them all), which the uncorrelated
        subquery does in one pass where the rule's EXISTS looks up each page's ancestors (PostgreSQL, 2,000
        restrictions, one process with the requests alternating: /api/v2/notifications/ 91.2 -> 58.9 ms, against
        54.0 and 52.9 ms without restrictions). A detail or find reads one page: the rule on that page alone,
        where the subquery would decide the whole site first (v2 detail 17.9 -> 65.6 ms with it)."""
        if self.action == "listing_view" or self.request.GET.get("search"):
            return pages.filter(pk__in=public_page_ids())
        return public_pages(pages)

    def _site(self) -> Site | None:
        wanted = self.request.GET.get("site")
        if not wanted:
            return Site.find_for_request(self.request)
        hostname, _, port = wanted.partition(":")
        if port and not (is_whole_number(port) and int(port) < 65536):
            raise BadRequestError("site must be a hostname, optionally with :port")
        sites = Site.objects.filter(hostname=hostname, **({"port": int(port)} if port else {}))
        if sites.count() > 1:
            raise BadRequestError("Your query returned multiple sites. Try adding a port number to your site filter.")
        site = sites.first()
        if site is None:
            raise BadRequestError(f"no site has the hostname {wanted[:100]!r}")
        return site


def endpoint_for(model, name: str) -> type[RecordPagesAPIViewSet]:
    return type(f"{model.__name__}APIViewSet", (RecordPagesAPIViewSet,), {"model": model, "name": name})


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    """Documents a public record links (cms.core.visibility): a file attached only to drafts or private records
    is neither listed nor found."""

    filter_backends = _checked(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_documents(super().get_queryset())


class TermsAPIViewSet(RecordPagesAPIViewSet):
    """Taxonomy terms; `scheme=gbf-target` narrows to one vocabulary."""

    model = TermPage
    name = "terms"
    known_query_parameters = RecordPagesAPIViewSet.known_query_parameters.union({"scheme"})

    def get_queryset(self):
        queryset = super().get_queryset()
        scheme = self.request.GET.get("scheme")
        return queryset.filter(scheme=scheme) if scheme else queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", RecordPagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("terms", TermsAPIViewSet)
for _model, _name in [
    (DecisionPage, "decisions"),
    (MeetingDocumentPage, "meeting-documents"),
    (NotificationPage, "notifications"),
    (MeetingPage, "meetings"),
    (LibraryResourcePage, "library-resources"),
    (TreatyPage, "treaties"),
    (TreatyArticlePage, "treaty-articles"),
    (ActivityPage, "activities"),
]:
    api_router.register_endpoint(_name, endpoint_for(_model, _name))
