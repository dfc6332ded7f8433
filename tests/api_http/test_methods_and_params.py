"""What another site calling the API notices at the edges: a method the API does not take is a 405 problem with
`Allow` (never a CSRF 403, never a 200), TRACE is refused everywhere, `lang` outside the six UN languages is a 400
naming the parameter and its values, over-long questions and queries are refused, JSON and the site's assets say
their charset, and the OpenAPI document is cacheable and revalidates with 304."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json; charset=utf-8"
READ_ENDPOINTS = ["/api/records/2024-070/", "/api/resolve/?ref=2024-070", "/api/search/?q=peer", "/api/ask/?q=x",
                  "/api/labels/", "/api/schema/", "/api/v1/search/?q=peer", "/api/v2/notifications/",
                  "/api/records/2024-070/cite/", "/api/changes/"]
WRITES = ["post", "put", "patch", "delete"]


@pytest.fixture
def strict_client():
    """A client that enforces CSRF as a browser would meet it: what a CSRF 403 would show, a test sees."""
    return Client(enforce_csrf_checks=True)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", READ_ENDPOINTS)
def test_a_write_to_a_read_endpoint_is_405_with_allow_not_a_csrf_403(strict_client, records, method, path):
    response = getattr(strict_client, method)(path, data="{}", content_type="application/json")
    body = _problem(response, 405)
    allowed = {m.strip() for m in response["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert method.upper() in body["detail"] and "GET" in body["detail"]


@pytest.mark.parametrize("path", ["/api/records/2024-070/", "/api/search/?q=peer", "/api/schema/",
                                  "/feeds/notifications/", "/vocab/gbf", "/id/2024-070", "/", "/record.html"])
def test_trace_is_refused_everywhere(strict_client, records, path):
    response = strict_client.generic("TRACE", path)
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "TRACE" not in response["Allow"]
    assert b"TRACE" not in response.content or response["Content-Type"] == PROBLEM  # the request is not echoed


@pytest.mark.parametrize("path", ["/feeds/notifications/", "/vocab/gbf"])
def test_a_post_to_a_feed_or_a_vocabulary_is_405(strict_client, records, path):
    response = strict_client.post(path)
    _problem(response, 405)
    assert "GET" in response["Allow"]


def test_a_plain_options_lists_the_methods(client, records):
    response = client.options("/api/records/2024-070/")
    assert response.status_code == 204
    assert {m.strip() for m in response["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


def test_a_write_to_an_unknown_api_address_is_still_a_404(strict_client):
    _problem(strict_client.post("/api/no-such-endpoint/"), 404)


def test_the_oai_pmh_post_form_still_works(strict_client, records):
    response = strict_client.post("/oai/", {"verb": "Identify"})
    assert response.status_code == 200


def test_the_admin_still_checks_csrf(strict_client):
    assert strict_client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.parametrize("path", ["/api/records/2024-070/?lang=xx", "/api/resolve/?ref=2024-070&lang=xx",
                                  "/api/search/?q=peer&lang=xx", "/api/ask/?q=what&lang=xx", "/api/labels/?lang=xx",
                                  "/api/records/2024-070/cite/?lang=xx", "/api/records/2024-070/similar/?lang=xx",
                                  "/api/v1/records/2024-070/?lang=klingon"])
def test_an_unknown_language_is_a_400_naming_lang_and_its_values(client, records, path):
    body = _problem(client.get(path), 400)
    assert "lang" in body["detail"]
    for code in ("ar", "en", "es", "fr", "ru", "zh"):
        assert code in body["detail"]
    if "labels" not in path:  # the labels endpoint names them in its message only
        assert body["parameter"] == "lang"
        assert body["allowed"] == ["ar", "en", "es", "fr", "ru", "zh"]


@pytest.mark.parametrize("path", ["/api/records/2024-070/?lang=", "/api/resolve/?ref=2024-070&lang=",
                                  "/api/search/?q=peer&lang=", "/api/records/2024-070/cite/?lang="])
def test_an_empty_language_is_the_same_as_none(client, records, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == client.get(path.removesuffix("lang=").rstrip("&?")).json() or "search" in path


def test_a_known_language_in_capitals_is_taken(client, records):
    assert client.get("/api/records/2024-070/?lang=FR").status_code == 200


def test_a_question_over_500_characters_is_refused_not_cut(client):
    body = _problem(client.get("/api/ask/", {"q": "a" * 501}), 400)
    assert "500" in body["detail"] and body["parameter"] == "q"


def test_a_search_query_over_2000_characters_is_refused(client, records):
    body = _problem(client.get("/api/search/", {"q": "peer " * 400 + "x"}), 400)
    assert "2000" in body["detail"] and body["parameter"] == "q"
    assert client.get("/api/search/", {"q": "peer " * 400}).status_code == 200  # 2000 exactly: searched (cut)


@pytest.mark.parametrize("path", ["/api/records/2024-070/", "/api/search/?q=peer", "/api/labels/",
                                  "/api/schema/", "/api/v2/notifications/", "/api/records/NOPE/"])
def test_json_answers_say_utf8(client, records, path):
    content_type = client.get(path)["Content-Type"]
    assert content_type.split(";")[0].strip().endswith("json")
    assert "charset=utf-8" in content_type


@pytest.mark.parametrize(("path", "media"), [("/", "text/html"), ("/record.html", "text/html"),
                                             ("/assets/css/site.css", "text/css"),
                                             ("/assets/js/api.js", "text/javascript"),
                                             ("/assets/i18n/fr.json", "application/json")])
def test_site_assets_say_utf8(client, path, media):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media}; charset=utf-8"


def test_the_openapi_document_is_cacheable_and_revalidates(client):
    first = client.get("/api/schema/")
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    assert "max-age" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get("/api/schema/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get("/api/v1/schema/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/schema/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def _parameter(document: dict, path: str, name: str) -> dict | None:
    return next((p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name), None)


def test_the_openapi_document_states_the_limits_the_api_enforces(client):
    document = client.get("/api/schema/").json()
    question = _parameter(document, "/api/ask/", "q")["schema"]
    assert question["maxLength"] == 500 and question["minLength"] == 1
    assert _parameter(document, "/api/search/", "q")["schema"]["maxLength"] == 2000
    assert _parameter(document, "/api/search/", "page")["schema"]["maximum"] == 1000
    assert _parameter(document, "/api/search/", "limit")["schema"]["maximum"] == 100
    lang = _parameter(document, "/api/records/{identifier}/", "lang")
    assert set(lang["schema"]["enum"]) == {"ar", "en", "es", "fr", "ru", "zh", ""}
    assert "absent" in lang["description"]
    assert "400" in document["paths"]["/api/records/{identifier}/"]["get"]["responses"]
    assert "400" in document["paths"]["/api/resolve/"]["get"]["responses"]


def test_deadline_filters_are_documented_only_where_records_have_a_deadline(client, records):
    document = client.get("/api/schema/").json()
    assert _parameter(document, "/api/v2/notifications/", "deadline_from")
    assert _parameter(document, "/api/v2/notifications/", "deadline_to")
    for path in ("/api/v2/decisions/", "/api/v2/pages/", "/api/v2/terms/"):
        assert _parameter(document, path, "deadline_from") is None, path
    # And what the document leaves out, the API refuses rather than ignores.
    _problem(client.get("/api/v2/decisions/?deadline_from=2024-01-01"), 400)
    assert client.get("/api/v2/notifications/?deadline_from=2024-01-01").status_code == 200


@pytest.mark.parametrize("path", ["/vocab/no-such-scheme", "/vocab/gbf/NO-SUCH-CONCEPT", "/vocab/gbf/a/b/c",
                                  "/api/v2/notifications/999999/", "/api/no/such/thing/"])
def test_not_found_under_the_data_paths_is_problem_json(client, records, path):
    _problem(client.get(path, HTTP_ACCEPT="application/json"), 404)


def _cursor(*parts) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("since", ["x", "%%%", "bm90IGpzb24", _cursor("2025-01-01T00:00:00", 0, 1),
                                   _cursor("0001-01-01T00:00:00+14:00", 0, 1), _cursor("2025-01-01T00:00:00Z", 0, True),
                                   _cursor("2025-01-01T00:00:00Z", 0, 2**70), _cursor("2025-01-01T00:00:00Z", 7, 1)])
def test_a_cursor_the_changes_feed_did_not_write_is_a_400_problem(client, records, since):
    body = _problem(client.get("/api/changes/", {"since": since}), 400)
    assert "next_cursor" in body["detail"]


def test_a_cursor_the_changes_feed_wrote_is_taken(client, records):
    first = client.get("/api/changes/", {"limit": 1}).json()
    assert client.get("/api/changes/", {"since": first["next_cursor"]}).status_code == 200


def test_a_non_symbol_in_decision_tracking_is_a_400_problem_an_unknown_decision_a_404(client, records):
    _problem(client.get("/api/decisions/not-a-symbol/tracking/"), 400)
    _problem(client.get("/api/decisions/CBD/COP/DEC/9/30/tracking/"), 404)


@pytest.mark.parametrize("path", ["/api/v2/documents/find/?id=%C2%B9", "/api/v2/pages/?offset=%C2%B9",
                                  "/api/v2/pages/?id=%C2%B9", "/api/changes/?limit=%C2%B2",
                                  "/api/search/export/?q=x&limit=%D9%A3"])
def test_digits_that_are_not_ascii_are_a_400_not_a_server_error(client, records, path):
    _problem(client.get(path), 400)


def test_oai_names_a_repeated_argument_even_with_control_characters_in_it(client, records):
    response = client.get("/oai/?a%02b=1&a%02b=2&verb=Identify")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert b'code="badArgument"' in response.content and b"Repeated argument: ab" in response.content


@pytest.mark.parametrize(("typed", "page"), [("/search/?q=cible%203&lang=fr", "/?q=cible%203&lang=fr"),
                                             ("/record/?id=2024-070", "/record.html?id=2024-070"),
                                             ("/ask/?q=what", "/ask.html?q=what"),
                                             ("/tracking/?symbol=16/32", "/tracking.html?symbol=16/32")])
def test_the_addresses_people_type_lead_to_the_page_with_their_query(client, typed, page):
    response = client.get(typed)
    assert response.status_code in (301, 302) and response["Location"] == page
