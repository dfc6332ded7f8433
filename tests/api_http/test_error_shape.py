"""One error shape everywhere under /api/: RFC 9457 problem+json, whatever went wrong and whichever endpoint."""

import pytest

pytestmark = pytest.mark.django_db

ERRORS = [
    ("get", "/api/records/NO-SUCH-RECORD/", 404),
    ("get", "/api/records/NO-SUCH-RECORD/similar/", 404),
    ("get", "/api/resolve/", 400),
    ("get", "/api/resolve/?ref=nothing+like+this+anywhere+zzzz", 404),
    ("get", "/api/search/?q=x&limit=abc", 400),
    ("get", "/api/ask/", 400),
    ("get", "/api/labels/?lang=xx", 400),
    ("get", "/api/v2/notifications/?date_from=last-week", 400),
    ("get", "/api/no-such-endpoint/", 404),
    ("get", "/api/v1/no-such-endpoint/", 404),
]
ENDPOINTS = ["/api/records/2024-070/", "/api/resolve/?ref=2024-070", "/api/search/?q=x", "/api/ask/?q=x",
             "/api/labels/", "/api/schema/", "/api/records/2024-070/similar/", "/api/v1/search/?q=x"]


def _assert_problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]


@pytest.mark.parametrize(("method", "path", "status"), ERRORS)
def test_errors_are_problem_details(client, records, method, path, status):
    _assert_problem(getattr(client, method)(path), status)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_method_not_allowed_is_a_405_problem_with_allow(client, records, path):
    response = client.post(path, data={})
    _assert_problem(response, 405)
    assert "GET" in response["Allow"]
    assert "GET" in response.json()["detail"]


def test_an_unknown_record_says_which(client, records):
    response = client.get("/api/records/NO-SUCH-RECORD/")
    _assert_problem(response, 404)
    assert "NO-SUCH-RECORD" in response.json()["detail"]


def test_pages_outside_the_api_keep_their_html_errors(client):
    assert client.get("/no-such-page/").get("Content-Type", "").startswith("text/html")


def test_the_openapi_document_describes_the_error_shape_on_every_operation(client):
    document = client.get("/api/schema/").json()
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) >= {"type", "title", "status", "detail"}
    for path, operations in document["paths"].items():
        for name, operation in operations.items():
            default = operation["responses"].get("default")
            assert default, f"{name} {path} documents no error answer"
            assert "application/problem+json" in default["content"], path
    search = document["paths"]["/api/search/"]["get"]["responses"]
    assert "429" in search and "304" in search
    assert "/api/v1/" in document["info"]["description"]
