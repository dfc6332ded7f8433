"""Editors' view of unmet demand: the public searches that found nothing (search.query_log), most frequent first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.utils import timezone
from django.utils.http import urlencode
from django_filters import DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from cms.core.dashboard import Cell, DashboardPanel, PanelContent

RECENT_DAYS = 30


def zero_result_queries(since: dt.date | None = None):
    """Queries with their number of searches that found nothing (since a day), most frequent first."""
    queries = Query.objects.filter(zero_result_days__isnull=False)
    if since:
        queries = queries.filter(zero_result_days__date__gte=since)
    return queries.annotate(_empty=Sum("zero_result_days__hits")).order_by("-_empty", "query_string")


class ZeroResultFilterSet(WagtailFilterSet):
    day = DateFromToRangeFilter(label="Date", field_name="zero_result_days__date", widget=DateRangePickerWidget)

    class Meta:
        model = Query
        fields: list[str] = []


class SearchLinkColumn(Column):
    """The query as a link to the public search, so an editor sees what a reader saw."""

    cell_template_name = "wagtailadmin/tables/title_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = f"/?{urlencode({'q': instance.query_string})}"
        return context


class ZeroResultsReportView(ReportView):
    page_title = "Searches with no results"
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = ZeroResultFilterSet
    default_ordering = "-_empty"
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"
    columns = [
        SearchLinkColumn("query_string", label="Search term(s)", sort_key="query_string"),
        NumberColumn("_empty", label="Searches without results", sort_key="_empty"),
    ]
    list_export = ["query_string", "_empty"]
    export_headings = {"query_string": "Search term(s)", "_empty": "Searches without results"}

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        return zero_result_queries()


def zero_results_panel_content(request) -> PanelContent:
    from django.urls import reverse

    since = timezone.localdate() - dt.timedelta(days=RECENT_DAYS)
    top = list(zero_result_queries(since)[:8])
    rows = [[Cell(q.query_string, f"/?{urlencode({'q': q.query_string})}"), Cell(str(q._empty))] for q in top]
    return PanelContent(
        f"What readers searched for in the last {RECENT_DAYS} days and did not find: candidates for content, "
        "synonyms or promoted results.",
        ["Search term(s)", "Searches"], rows, "Every search in the last 30 days found something.",
        more_url=reverse("search_zero_results"), more_label="All searches with no results")


def zero_results_panel() -> DashboardPanel:
    return DashboardPanel("searches-without-results", "Searches with no results", 160, zero_results_panel_content)
