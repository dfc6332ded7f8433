"""The notifications listing editors sort and filter: symbol, date, deadline and status columns; year, status
and deadline filters (a flat folder of 239 pages is not browsable by title alone)."""

from __future__ import annotations

import django_filters
from django import forms
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from cms.records.models import NotificationPage


def _years(request=None) -> list[tuple[str, str]]:
    dates = NotificationPage.objects.filter(date__isnull=False).dates("date", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in dates]


def _statuses(request=None) -> list[tuple[str, str]]:
    values = NotificationPage.objects.exclude(status="").order_by("status").values_list("status", flat=True)
    return [(value, value.replace("-", " ").capitalize()) for value in values.distinct()]


class NotificationFilterSet(PageFilterSet):
    year = django_filters.ChoiceFilter(label="Year", choices=_years, field_name="date__year",
                                       widget=forms.RadioSelect, empty_label="All")
    record_status = django_filters.ChoiceFilter(label="Status", choices=_statuses, field_name="status",
                                                widget=forms.RadioSelect, empty_label="All")
    deadline = django_filters.DateFromToRangeFilter(label="Deadline", widget=DateRangePickerWidget)

    class Meta:
        model = NotificationPage
        fields: list[str] = []


class NotificationIndexView(IndexView):
    default_ordering = "-date"


class NotificationListingViewSet(PageListingViewSet):
    model = NotificationPage
    index_view_class = NotificationIndexView
    icon = "mail"
    menu_label = "Notifications"
    menu_order = 150
    add_to_admin_menu = True
    name = "notifications"
    filterset_class = NotificationFilterSet
    columns = [
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        Column("identifier", label="Symbol", sort_key="identifier", width="12%", classname="symbol"),
        Column("date", label="Date", sort_key="date", width="11%"),
        Column("deadline", label="Deadline", sort_key="deadline", width="11%"),
        Column("record_status", label="Record status", accessor="status", sort_key="status", width="12%"),
        PageStatusColumn("status", label="Publication", sort_key="live", width="12%"),
    ]


notifications_listing = NotificationListingViewSet()
