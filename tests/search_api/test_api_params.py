"""Invalid parameters are refused with a JSON message; hostile or odd input never errors and never changes
what a filter means."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_notifications(make_notification):
    make_notification("2024-001", title="Forest restoration call", status="active", date=dt.date(2024, 1, 9))
    make_notification("2025-002", title="Forest monitoring survey", status="closed", date=dt.date(2025, 5, 2))


@pytest.mark.parametrize("params, message", [
    ({"lang": "xx"}, "lang"),
    ({"page": "0"}, "page"),
    ({"page": "abc"}, "page"),
    ({"limit": "101"}, "limit"),
    ({"limit": "-1"}, "limit"),
    ({"sort": "random"}, "sort"),
    ({"mode": "magic"}, "mode"),
    ({"type": "notification OR 1=1"}, "type"),
    ({"language": "en' OR language='fr"}, "language"),
    ({"year": "2024 OR year=2025"}, "year"),
    ({"page": "200", "limit": "10"}, "beyond"),
])
def test_invalid_parameters_get_400_with_a_message(search, site, params, message):
    status, body = search(**params)
    assert status == 400
    assert message in body["error"]


@pytest.mark.parametrize("value", [
    'active" OR status = "closed',
    "active\\",
    "active OR closed",
    "(active) OR (closed)",
    "status = closed",
    "closed' --",
    "*",
])
def test_hostile_filter_values_match_literally(search, two_notifications, value):
    status, body = search(q="forest", status=value)
    assert status == 200
    assert body["total"] == 0 and body["results"] == []


@pytest.mark.parametrize("value", ['type = "notification"', "notification) OR (type", 'notification"'])
def test_hostile_type_values_are_refused_not_interpreted(search, two_notifications, value):
    status, body = search(q="forest", type=value)
    assert status == 400


def test_filters_or_within_and_across(search, two_notifications):
    _, both = search(q="forest", status=["active", "closed"])
    assert both["total"] == 2
    _, one = search(q="forest", status=["active", "closed"], year="2025")
    assert [r["identifier"] for r in one["results"]] == ["2025-002"]


@pytest.mark.parametrize("q", [
    "forest " * 285,  # 1995 characters: taken, cut to the first 500
    "!!!???...",
    "()[]{}\"'\\:*~^-+",
    "forest\x00restoration",
    "\x00\x01\x02",
    "森林 恢复 🌳",
    "ла́сточка",
    "forest OR NOT AND (",
    "title:forest",
    "%00",
    "a" * 2000,
])
def test_odd_queries_never_fail(search, two_notifications, q):
    status, body = search(q=q)
    assert status == 200
    assert isinstance(body["results"], list)


@pytest.mark.parametrize("q", ["forest " * 2000, "a" * 2001])
def test_a_query_over_2000_characters_is_refused_with_a_message(search, two_notifications, q):
    status, body = search(q=q)
    assert status == 400
    assert "2000" in body["error"] and body["parameter"] == "q"


def test_undecodable_bytes_in_the_url_are_not_an_error(client, two_notifications):
    response = client.get("/api/search/?q=%ED%A0%80%FF%00forest&status=%FF")
    assert response.status_code == 200


def test_nul_byte_is_a_separator_not_an_error(search, two_notifications):
    _, body = search(q="forest\x00restoration")
    assert body["results"][0]["identifier"] == "2024-001"


def test_punctuation_only_browses(search, two_notifications):
    _, body = search(q="!!!")
    assert body["total"] == 2


def test_snippets_are_escaped_html_with_only_mark(search, make_notification):
    make_notification("2024-005", title="Call <script>alert(1)</script>",
                      summary='Views on <img src=x onerror=alert(1)> & "forest" rights')
    _, body = search(q="forest")
    snippet = body["results"][0]["snippet"]
    assert "<script" not in snippet and "<img" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>forest</mark>" in snippet


def test_pages_do_not_overlap_and_cover_everything(search, make_notification):
    for i in range(1, 26):
        make_notification(f"2024-{i:03d}", title=f"Wetland notice {i}", date=dt.date(2024, 1, 1) + dt.timedelta(i))
    seen = []
    for page in (1, 2, 3):
        _, body = search(q="wetland", page=page, limit=10)
        assert body["total"] == 25
        seen += [r["identifier"] for r in body["results"]]
    assert len(seen) == 25 and len(set(seen)) == 25


def test_date_sorts(search, make_notification):
    for i, day in enumerate([dt.date(2023, 5, 1), dt.date(2025, 1, 1), dt.date(2024, 7, 1)], start=1):
        make_notification(f"2024-{i:03d}", title=f"Coral reef notice {i}", date=day)
    _, newest = search(q="coral", sort="date_desc")
    assert [r["date"] for r in newest["results"]] == ["2025-01-01", "2024-07-01", "2023-05-01"]
    _, oldest = search(q="coral", sort="date_asc")
    assert [r["date"] for r in oldest["results"]] == ["2023-05-01", "2024-07-01", "2025-01-01"]


def test_limit_zero_returns_counts_only(search, two_notifications):
    _, body = search(q="forest", limit=0)
    assert body["results"] == [] and body["total"] == 2
    assert body["facets"]["status"] == {"active": 1, "closed": 1}
