"""Links in API answers are absolute, with the scheme and host the client used, so another site can follow them
without knowing ours; forwarded scheme and host count only from a trusted proxy. robots.txt and sitemap.xml tell
crawlers what to fetch."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


def _links(value, key_names=("url", "api_url", "uri", "tracking_url")):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in key_names and isinstance(item, str):
                yield key, item
            else:
                yield from _links(item, key_names)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item, key_names)


def test_record_links_carry_the_host_the_client_asked(client, records):
    data = client.get("/api/records/2024-070/", HTTP_HOST="localhost").json()
    assert data["api_url"] == "http://localhost/api/records/2024-070/?lang=en"
    target = next(ref for ref in data["gbf_targets"] if ref["identifier"] == "GBF-TARGET-03")
    assert target["api_url"].startswith("http://localhost/api/records/GBF-TARGET-03/")
    assert all(code["api_url"].startswith("http://localhost/api/") for code in data["translations"].values())
    links = dict(_links(data))
    assert links and all(link.startswith(("http://", "https://")) for _, link in _links(data))
    # frontend_url stays a path under the front end's own base (the reference front end resolves it itself)
    assert data["frontend_url"].startswith("/record.html?")


def test_following_an_api_url_answers_the_record(client, records):
    first = client.get("/api/resolve/?ref=2024-070").json()
    assert first["url"].startswith("http://testserver/")
    path = first["api_url"].removeprefix("http://testserver")
    assert client.get(path).json()["identifier"] == "2024-070"


@pytest.fixture
def indexed(monkeypatch, make_notification):
    """A record in the search index: inside the test's transaction nothing commits, so the outbox drains at once."""
    from types import SimpleNamespace

    monkeypatch.setattr("indexing.outbox.transaction", SimpleNamespace(on_commit=lambda fn, **_: fn()))
    return make_notification("2024-070", "Peer review of national biodiversity strategies")


def test_search_and_changes_links_are_absolute(client, indexed):
    hits = client.get("/api/search/?q=peer+review").json()["results"]
    assert hits and all(hit["url"].startswith("http://testserver/") for hit in hits if hit["url"])
    changes = client.get("/api/changes/").json()["changes"]
    upserts = [change for change in changes if change["op"] == "upsert"]
    assert upserts and all(change["api_url"].startswith("http://testserver/api/records/") for change in upserts)


def test_forwarded_scheme_and_host_are_ignored_from_an_untrusted_peer(client, records):
    data = client.get("/api/records/2024-070/", HTTP_X_FORWARDED_PROTO="https",
                      HTTP_X_FORWARDED_HOST="evil.example").json()
    assert data["api_url"].startswith("http://testserver/")


def test_forwarded_scheme_and_host_are_believed_from_a_trusted_proxy(client, records, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.USE_X_FORWARDED_HOST = True
    settings.ALLOWED_HOSTS = ["hub.example.org", "testserver"]
    data = client.get("/api/records/2024-070/", HTTP_X_FORWARDED_PROTO="https",
                      HTTP_X_FORWARDED_HOST="hub.example.org", HTTP_X_FORWARDED_FOR="203.0.113.9").json()
    assert data["api_url"] == "https://hub.example.org/api/records/2024-070/?lang=en"


def test_each_host_has_its_own_etag(client, records):
    one = client.get("/api/records/2024-070/", HTTP_HOST="localhost")
    other = client.get("/api/records/2024-070/", HTTP_HOST="127.0.0.1")
    assert one["ETag"] != other["ETag"]
    again = client.get("/api/records/2024-070/", HTTP_HOST="127.0.0.1", HTTP_IF_NONE_MATCH=one["ETag"])
    assert again.status_code == 200


def test_robots_keeps_crawlers_out_of_the_admin_and_generated_answers(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/api/search/", "/api/ask/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines and "Disallow: /api/records/" not in lines  # the record pages need it
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_public_record_pages_only(client, records, make_notification):
    draft = make_notification("2024-099", "A record later unpublished")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert "http://testserver/record.html?id=2024-070&lang=en" in locations
    assert not any("2024-099" in location for location in locations)
    assert client.get("/sitemap.xml?p=2").status_code == 404
