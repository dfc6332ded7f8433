"""The Wagtail API v2 answers a listing or a ?search= in a fixed number of queries, whatever the number of
results on the page and the number of view restrictions (issue 15, item 14).

Each result once read its locale row on its own (`meta.locale`: 20 identical queries for a page of 20 results), and
every listing rebuilt the public base queryset three times (the site root's translations and the deepest view
restriction, each read three times). Counting queries is behaviour, not timing: one query more per result is what
made a page of results grow with its size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

#: Site, root translations, deepest restriction, count, the page of results (plus the search's savepoint pair):
#: what a listing needs whatever its size, with room for one more without a per-result query fitting in.
MAX_QUERIES = 8


def queries_of(client, path: str, params: dict) -> tuple[dict, list[str]]:
    client.get(path, params)  # the site and other per-process caches are warm, as for every request but the first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return response.json(), [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def searchable_notifications(make_notification):
    """25 public notifications in Wagtail's search index (more than a page of 20) and 3 private ones."""
    from wagtail.models import PageViewRestriction
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for n in range(25):
        backend.add(make_notification(f"2031-{n + 1:03d}", f"Marine biodiversity notification {n}"))
    for n, kind in enumerate(["password", "login", "groups"]):
        hidden = make_notification(f"2032-{n + 1:03d}", f"Marine private notification {n}")
        backend.add(hidden)
        PageViewRestriction.objects.create(page=hidden, restriction_type=kind, password="x")


@pytest.mark.parametrize("path, params", [
    ("/api/v2/pages/", {"type": "records.NotificationPage", "search": "marine"}),
    ("/api/v2/notifications/", {"search": "marine"}),
    ("/api/v2/notifications/", {"fields": "identifier,date"}),
])
def test_a_page_of_results_costs_the_same_queries_as_a_page_of_two(client, searchable_notifications, path, params):
    full, queries = queries_of(client, path, params)
    two, queries_for_two = queries_of(client, path, {**params, "limit": 2})

    assert len(full["items"]) == 20 and full["meta"]["total_count"] == 25  # the private three are not counted
    assert {item["meta"]["locale"] for item in full["items"]} == {"en"}
    assert len(two["items"]) == 2
    assert len(queries) == len(queries_for_two), "a query per result is back:\n" + "\n".join(queries)
    assert len(queries) <= MAX_QUERIES, "\n".join(queries)
    repeated = {sql for sql in queries if queries.count(sql) > 1 and not sql.startswith(("SAVEPOINT", "RELEASE"))}
    assert not repeated, f"the same query more than once in one request: {repeated}"
