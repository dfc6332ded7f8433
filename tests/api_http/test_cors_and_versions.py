"""Other sites' pages may call the API from a browser (CORS for configured origins), and the hub's own endpoints
carry a version in their path, the unversioned paths staying as aliases."""

import pytest

pytestmark = pytest.mark.django_db
ALLOWED = "https://www.cbd.int"


def test_an_allowed_origin_may_read_the_api(client, records):
    response = client.get("/api/records/2024-070/", HTTP_ORIGIN=ALLOWED)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_another_origin_gets_no_permission(client, records):
    response = client.get("/api/records/2024-070/", HTTP_ORIGIN="https://evil.example.org")
    assert response.status_code == 200  # the server answers; the browser withholds it from that page
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_is_answered_not_refused(client):
    response = client.options("/api/search/", HTTP_ORIGIN=ALLOWED, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "GET" in response["Access-Control-Allow-Methods"]
    refused = client.options("/api/search/", HTTP_ORIGIN="https://evil.example.org",
                             HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in refused


def test_configured_origins_replace_the_default(client, records, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example.org"]
    assert client.get("/api/records/2024-070/", HTTP_ORIGIN="https://partner.example.org")[
        "Access-Control-Allow-Origin"] == "https://partner.example.org"
    assert "Access-Control-Allow-Origin" not in client.get("/api/records/2024-070/", HTTP_ORIGIN=ALLOWED)


def test_the_admin_sends_no_cors_permission(client):
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN=ALLOWED)


@pytest.mark.parametrize("path", ["/api/v1/records/2024-070/", "/api/v1/resolve/?ref=2024-070",
                                  "/api/v1/search/?q=peer+review", "/api/v1/labels/", "/api/v1/schema/"])
def test_versioned_paths_answer_like_their_aliases(client, records, path):
    versioned = client.get(path)
    alias = client.get(path.replace("/api/v1/", "/api/"))
    assert versioned.status_code == alias.status_code == 200
    assert versioned["API-Version"] == "1"
    if "records" in path or "resolve" in path:
        assert versioned.json() == alias.json()
