"""Public searches are logged without personal data, and editors see the ones that found nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import ZeroResultDay
from search.query_log import loggable, query_log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_log():
    query_log.flush()
    yield
    query_log.flush()


def _hits(text: str) -> int:
    return sum(QueryDailyHits.objects.filter(query__query_string=text).values_list("hits", flat=True))


def _empty(text: str) -> int:
    return sum(ZeroResultDay.objects.filter(query__query_string=text).values_list("hits", flat=True))


def test_searches_are_counted_and_those_that_found_nothing_are_shown_to_editors(
        make_notification, search, admin_client):
    make_notification("2024-070", title="Invasive alien species: call for submissions")
    for _ in range(3):
        assert search(q="Invasive  species")[0] == 200
    assert search(q="quokka habitat")[1]["total"] == 0
    assert search(q="quokka habitat")[0] == 200
    assert search(q="invasive species", page=2)[0] == 200  # later pages are the same search, not counted again
    assert search(q="")[0] == 200  # browsing is not a query
    assert query_log.flush() == 5
    assert _hits("invasive species") == 3 and _empty("invasive species") == 0
    assert _hits("quokka habitat") == 2 and _empty("quokka habitat") == 2
    assert not Query.objects.filter(query_string="").exists()

    report = admin_client.get(reverse("search_zero_results")).content.decode()
    assert "quokka habitat" in report and "invasive species" not in report
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Searches with no results" in dashboard and "quokka habitat" in dashboard
    # Wagtail's own "Search terms" report (promotions are curated from it) now has real demand.
    terms = admin_client.get(reverse("wagtailsearchpromotions:search_terms")).content.decode()
    assert "invasive species" in terms


@pytest.mark.django_db(transaction=True)
def test_the_log_is_written_in_the_background_without_a_flush(make_notification, search, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0.05
    make_notification("2024-071", title="Marine protected areas")
    search(q="qzxv wubblefrotz")
    writer = query_log._timer
    assert writer is not None
    writer.join(10)  # the writer thread commits on its own connection, then closes it
    assert not writer.is_alive() and query_log.pending() == 0
    assert _hits("qzxv wubblefrotz") == 1 and _empty("qzxv wubblefrotz") == 1


@pytest.mark.parametrize("q", ["jane.doe@example.org", "call me on +41 22 917 8888", "passport 123456789",
                               "x" * 300])
def test_queries_that_may_carry_personal_data_are_not_logged(q, search):
    assert loggable(q) is None
    # Rows another test's background writer committed on its own connection may exist: this search adds none.
    before = set(Query.objects.values_list("query_string", flat=True))
    search(q=q)
    query_log.flush()
    assert set(Query.objects.values_list("query_string", flat=True)) == before


@pytest.mark.parametrize("q", ["decision 15/4", "2024-070", "CBD/SBSTTA/26/INF/20", "GBF-TARGET-03", "COP 16"])
def test_identifiers_are_logged(q):
    assert loggable(q) == q.lower()


def test_the_log_can_be_turned_off(make_notification, search, settings):
    settings.SEARCH_QUERY_LOG = False
    search(q="wetlands")
    assert query_log.flush() == 0
