"""Record, resolve and search answers can be revalidated: a strong ETag and Last-Modified that change with every
publish (the publish generation), 304 on If-None-Match, and Cache-Control a CDN can honour."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["/api/records/2024-070/", "/api/resolve/?ref=notification%202024-070", "/api/search/?q=peer+review"]


@pytest.mark.parametrize("path", PATHS)
def test_revalidation_is_answered_304_until_something_is_published(client, records, make_notification, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    assert first["Last-Modified"]
    assert "public" in first["Cache-Control"]

    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag and again.content == b""

    make_notification("2025-001", "Another notification about peer review")  # a publish anywhere
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_an_unpublished_record_is_not_served_from_a_revalidation(client, records):
    etag = client.get("/api/records/2024-070/")["ETag"]
    records["070"].unpublish()
    response = client.get("/api/records/2024-070/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"


def test_different_queries_have_different_etags(client, records):
    assert client.get("/api/search/?q=peer")["ETag"] != client.get("/api/search/?q=review")["ETag"]
    assert client.get("/api/records/2024-070/")["ETag"] != client.get("/api/records/2024-070/?lang=fr")["ETag"]


def test_if_modified_since_is_honoured(client, records):
    first = client.get("/api/records/2024-070/")
    assert client.get("/api/records/2024-070/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_errors_carry_no_etag(client, records):
    response = client.get("/api/records/NO-SUCH-RECORD/")
    assert response.status_code == 404 and "ETag" not in response
