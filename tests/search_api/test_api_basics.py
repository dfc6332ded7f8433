"""The search API as a reader uses it: results, shape, pagination, sorting, empty queries."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_published_notification_is_found_with_highlighted_snippet(make_notification, search):
    make_notification("2024-070", title="Invasive alien species: call for submissions",
                      summary="Parties are invited to submit views on invasive alien species management.")
    status, body = search(q="invasive species")
    assert status == 200
    assert body["total"] == 1
    hit = body["results"][0]
    assert hit["identifier"] == "2024-070"
    assert hit["type"] == "notification"
    assert hit["language"] == "en"
    assert hit["date"] == "2024-03-01"
    assert "<mark>" in hit["snippet"]
    assert set(hit) >= {"identifier", "type", "title", "url", "language", "snippet", "paragraph_code", "anchor",
                        "date", "score"}
    assert set(body["facets"]) == {"type", "year", "meeting", "subject", "gbf_target", "language", "status"}
    assert body["query"]["q"] == "invasive species"


def test_empty_query_browses_everything_with_facets(make_notification, search):
    make_notification("2024-001", date=dt.date(2024, 1, 5))
    make_notification("2025-002", date=dt.date(2025, 2, 5))
    status, body = search()
    assert status == 200
    assert body["total"] == 2
    assert body["facets"]["year"] == {"2024": 1, "2025": 1}
