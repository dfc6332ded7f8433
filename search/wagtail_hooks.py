"""Search in the Wagtail admin: the report of public searches that found nothing, and its dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import ZeroResultsReportView, zero_results_panel


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("reports/searches-without-results/", ZeroResultsReportView.as_view(), name="search_zero_results"),
        path("reports/searches-without-results/results/", ZeroResultsReportView.as_view(results_only=True),
             name="search_zero_results_results"),
    ]


@hooks.register("register_reports_menu_item")
def zero_results_menu_item():
    return MenuItem("Searches with no results", reverse("search_zero_results"), name="searches-without-results",
                    icon_name="search", order=1310)


@hooks.register("construct_homepage_panels")
def add_zero_results_panel(request, panels):
    panels.append(zero_results_panel())
