"""Wagtail API v2 router: the generic pages endpoint plus one endpoint per content type.

Every endpoint inherits Wagtail's rules (live pages only, view restrictions honoured, `fields=`, `locale=`,
`type=`, pagination) and adds the record filters of cms.api.filters."""

from __future__ import annotations

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from cms.api.filters import RECORD_FILTER_PARAMS, RecordFilterBackend
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


class BoundedOffsetMixin:
    """Wagtail passes `offset` straight to the database; an offset beyond 64 bits made SQLite fail with a
    server error (found by schemathesis). Anything past a million records is a client mistake: say so."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        offset = self.request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {MAX_OFFSET}")


class RecordPagesAPIViewSet(BoundedOffsetMixin, PagesAPIViewSet):
    filter_backends = [RecordFilterBackend, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(RECORD_FILTER_PARAMS)
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "identifier", "record_type", "date"]


def endpoint_for(model, name: str) -> type[RecordPagesAPIViewSet]:
    return type(f"{model.__name__}APIViewSet", (RecordPagesAPIViewSet,), {"model": model, "name": name})


class BoundedDocumentsAPIViewSet(BoundedOffsetMixin, DocumentsAPIViewSet):
    pass


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
api_router.register_endpoint("documents", BoundedDocumentsAPIViewSet)
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
