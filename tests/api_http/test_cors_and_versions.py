"""Other sites' pages may call the API from a browser: any origin by default (public open data, read-only, no
credentials), only the configured ones when CORS_ALLOWED_ORIGINS is set; preflights allow conditional requests and
answers expose the caching headers. The hub's own endpoints carry a version in their path, the unversioned paths
staying as aliases."""

import pytest

pytestmark = pytest.mark.django_db
PARTNER = "https://partner.example.org"
ANY = "https://any-site.example.net"


@pytest.fixture
def restricted(settings):
    """What CORS_ALLOWED_ORIGINS=https://partner.example.org in the environment sets (cms/settings/base.py)."""
    settings.CORS_ALLOWED_ORIGINS = [PARTNER]
    settings.CORS_ALLOW_ALL_ORIGINS = False


def test_by_default_any_origin_may_read_the_api_without_credentials(client, records):
    response = client.get("/api/records/2024-070/", HTTP_ORIGIN=ANY)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = response["Access-Control-Expose-Headers"]
    for header in ("ETag", "Last-Modified", "Retry-After", "RateLimit-Remaining", "API-Version"):
        assert header in exposed


def test_a_preflight_allows_reads_and_conditional_requests(client):
    response = client.options("/api/search/", HTTP_ORIGIN=ANY, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since")
    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    headers = response["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in headers and "if-modified-since" in headers


def test_configured_origins_restrict_the_api_to_them(client, records, restricted):
    allowed = client.get("/api/records/2024-070/", HTTP_ORIGIN=PARTNER)
    assert allowed["Access-Control-Allow-Origin"] == PARTNER
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/records/2024-070/", HTTP_ORIGIN=ANY)
    assert other.status_code == 200  # the server answers; the browser withholds it from that page
    assert "Access-Control-Allow-Origin" not in other


def test_a_preflight_from_a_configured_origin_is_answered_and_others_are_not(client, restricted):
    response = client.options("/api/search/", HTTP_ORIGIN=PARTNER, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                              HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == PARTNER
    refused = client.options("/api/search/", HTTP_ORIGIN=ANY, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in refused


def test_the_admin_sends_no_cors_permission(client):
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN=ANY)


@pytest.mark.parametrize("path", ["/api/v1/records/2024-070/", "/api/v1/resolve/?ref=2024-070",
                                  "/api/v1/search/?q=peer+review", "/api/v1/labels/", "/api/v1/schema/"])
def test_versioned_paths_answer_like_their_aliases(client, records, path):
    versioned = client.get(path)
    alias = client.get(path.replace("/api/v1/", "/api/"))
    assert versioned.status_code == alias.status_code == 200
    assert versioned["API-Version"] == "1"
    if "records" in path or "resolve" in path:
        assert versioned.json() == alias.json()
