"""Hand-made hostile requests to the Wagtail API v2 (issue 15, item 15): each is a 400 in the problem+json shape,
never a server error, on SQLite and on PostgreSQL; and the OpenAPI document lists every parameter they use."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HOSTILE = [
    ("/api/v2/pages/", {"search": 'biodiversity "framework'}),
    ("/api/v2/notifications/", {"search": '"'}),
    ("/api/v2/pages/", {"search": "peer\x00review"}),
    ("/api/v2/notifications/", {"search": "review", "search_operator": "xor"}),
    ("/api/v2/notifications/", {"search": "review", "search_operator": ""}),
    ("/api/v2/documents/", {"search": 'annex "'}),
    ("/api/v2/documents/", {"search": "x", "search_operator": "not"}),
    ("/api/v2/pages/", {"locale": "en\x00"}),
    ("/api/v2/notifications/", {"symbol": "2024\x00070"}),
    ("/api/v2/notifications/", {"limit": "ten"}),
    ("/api/v2/notifications/", {"limit": "-1"}),
    ("/api/v2/notifications/", {"offset": "99999999999999999999999"}),
    ("/api/v2/pages/", {"child_of": "99999999999999999999999"}),
    ("/api/v2/pages/", {"descendant_of": "-5"}),
    ("/api/v2/pages/", {"id": "99999999999999999999999"}),
    ("/api/v2/notifications/", {"date": "next week"}),
    ("/api/v2/notifications/", {"first_published_at": "yesterday"}),
    ("/api/v2/pages/", {"first_published_at": "0261-09-17T17:38:30-17:16"}),  # offset PostgreSQL refuses
    ("/api/v2/notifications/", {"deadline": "2024-13-45"}),
    ("/api/v2/pages/", {"site": "localhost:http"}),
    ("/api/v2/pages/", {"site": "no-such-host.example"}),
    ("/api/v2/pages/", {"type": "records.NoSuchPage"}),
    ("/api/v2/notifications/", {"order": "no_such_field"}),
    ("/api/v2/notifications/", {"fields": "title(("}),
    ("/api/v2/notifications/", {"unknown_parameter": "1"}),
    ("/api/v2/pages/find/", {"id": "abc"}),
    ("/api/v2/pages/find/", {"html_path": "/en/\x00"}),
    ("/api/v2/documents/find/", {"id": "99999999999999999999999"}),
    ("/api/v2/decisions/", {"site": "cbd\x00int"}),  # PostgreSQL text cannot hold NUL: a 500 before
    ("/api/v2/decisions/", {"identifier": "COP\x00"}),
    ("/api/v2/notifications/", {"identifier": "COP\x00", "deadline_from": "0872-02-11"}),
]


def test_each_hostile_v2_request_is_a_clear_400(client, make_notification):
    make_notification("2024-070", "Peer review of NBSAPs")
    wrong = []
    for path, params in HOSTILE:
        response = client.get(path, params)
        body = response.json() if response["Content-Type"].split(";")[0].endswith("json") else {}
        if not (response.status_code == 400 and response["Content-Type"] == "application/problem+json; charset=utf-8"
                and body.get("detail") and body.get("message") == body["detail"]):
            wrong.append((path, params, response.status_code, response.content[:200]))
    assert wrong == []


def test_a_nul_in_a_path_or_lookup_is_a_400_that_says_so(client, site):
    for path in ["/api/records/CBD%00COP/", "/api/v2/pages/find/?html_path=/en/%00", "/api/resolve/?ref=COP%00"]:
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert response["Content-Type"] == "application/problem+json; charset=utf-8", path
    page = client.get("/en/decisions/%00/")
    assert page.status_code == 400 and b"NUL" in page.content
    # In a search box a NUL separates words (tests/search_api/test_api_params.py); it is not refused.
    assert client.get("/api/search/", {"q": "coral\x00reef"}).status_code == 200


def test_unknown_detail_id_is_a_404_problem(client, site):
    for path in ["/api/v2/pages/99999999999999999999999/", "/api/v2/documents/424242/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json; charset=utf-8"


def test_a_closed_phrase_still_searches(client, make_notification):
    from wagtail.search.backends import get_search_backend

    # Wagtail's own search index is filled by background tasks, which the test settings record but do not run.
    get_search_backend().add(make_notification("2024-070", "Peer review of NBSAPs"))
    response = client.get("/api/v2/notifications/", {"search": '"peer review"', "search_operator": "and"})
    assert response.status_code == 200, response.content
    assert [item["identifier"] for item in response.json()["items"]] == ["2024-070"]


def test_the_openapi_document_lists_every_parameter_of_the_hostile_requests(client, site):
    paths = client.get("/api/schema/").json()["paths"]
    for path, params in HOSTILE:
        if "unknown_parameter" in params:
            continue
        listed = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert set(params) <= listed, (path, set(params) - listed)
    listing = {p["name"]: p for p in paths["/api/v2/pages/"]["get"]["parameters"]}
    assert listing["search_operator"]["schema"]["enum"] == ["and", "or"]
    assert {"search", "order", "limit", "offset", "fields", "type", "locale"} <= set(listing)
    assert "/api/v2/notifications/{id}/" in paths and "/api/v2/documents/" in paths


def test_search_still_works_with_restrictions_and_on_documents(client, site, make_notification):
    """Wagtail's search backends cannot translate an EXISTS clause: the public rule reaches them as `pk IN`."""
    from wagtail.models import PageViewRestriction
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(make_notification("2024-070", "Peer review of NBSAPs"))
    hidden = make_notification("2024-071", "Peer review of budgets")
    get_search_backend().add(hidden)
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    for path in ["/api/v2/pages/", "/api/v2/notifications/", "/api/v2/documents/"]:
        response = client.get(path, {"search": "peer"})
        assert response.status_code == 200, (path, response.content[:300])
    found = client.get("/api/v2/notifications/", {"search": "peer"}).json()["items"]
    assert [item["identifier"] for item in found] == ["2024-070"]
    assert client.get("/api/v2/notifications/", {"files": "not-a-number"}).status_code == 400
