"""The headless read API: listings per type and locale, filters, field selection, lookup, resolver, privacy."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(make_notification, make_term, make_decision):
    make_term("GBF-TARGET-03", "Conserve 30% of land, waters and seas")
    make_term("AICHI-TARGET-11", "Protected areas", scheme="aichi-target")
    make_decision(15, 4, gbf_targets=["GBF-TARGET-03"], date=dt.date(2022, 12, 19))
    return {
        "070": make_notification(
            "2024-070",
            "Peer review of NBSAPs",
            date=dt.date(2024, 6, 3),
            gbf_targets=["GBF-TARGET-03"],
            meetings=["COP-16"],
            subjects=["CBD-SUBJECT-NBSAP"],
        ),
        "071": make_notification("2024-071", "Call for experts", date=dt.date(2024, 7, 1), status="archived"),
        "010": make_notification("2025-010", "Budget", date=dt.date(2025, 1, 10)),
    }


def _identifiers(response):
    assert response.status_code == 200, response.content
    return sorted(item["identifier"] for item in response.json()["items"])


def test_lists_records_per_type(client, records):
    assert _identifiers(client.get("/api/v2/notifications/")) == ["2024-070", "2024-071", "2025-010"]
    assert _identifiers(client.get("/api/v2/terms/?scheme=gbf-target")) == ["GBF-TARGET-03"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("symbol=2024-070", ["2024-070"]),
        ("gbf_target=GBF-TARGET-03", ["2024-070"]),
        ("meeting=COP-16", ["2024-070"]),
        ("subject=CBD-SUBJECT-NBSAP", ["2024-070"]),
        ("status=archived", ["2024-071"]),
        ("date_from=2024-06-15&date_to=2024-12-31", ["2024-071"]),
        ('gbf_target=GBF-TARGET-03" OR 1=1', []),
    ],
)
def test_filters(client, records, query, expected):
    assert _identifiers(client.get(f"/api/v2/notifications/?{query}")) == expected


def test_bad_date_filter_is_a_clear_400(client, records):
    response = client.get("/api/v2/notifications/?date_from=last-week")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["message"]


def test_field_selection(client, records):
    item = client.get("/api/v2/notifications/?symbol=2024-070&fields=deadline,gbf_targets").json()["items"][0]
    assert item["gbf_targets"] == ["GBF-TARGET-03"]
    assert "deadline" in item and "full_text" not in item


def test_locale_filter_lists_only_that_language(client, records):
    assert _identifiers(client.get("/api/v2/notifications/?locale=fr")) == []
    assert len(_identifiers(client.get("/api/v2/notifications/?locale=en"))) == 3


@pytest.mark.parametrize("identifier", ["2024-070", "GBF-TARGET-03", "AICHI-TARGET-11", "CBD/COP/DEC/15/4"])
def test_lookup_by_identifier(client, records, identifier):
    response = client.get(f"/api/records/{identifier}/")
    assert response.status_code == 200
    data = response.json()
    assert data["identifier"] == identifier
    assert set(data["translations"]) == {"ar", "en", "es", "fr", "ru", "zh"}
    assert set(data["provenance"]) >= {"source_system", "legacy_id", "source_url", "source_checksum", "imported_at"}


def test_lookup_falls_back_to_english_visibly(client, records):
    data = client.get("/api/records/2024-070/?lang=ar").json()
    assert data["language"] == "en" and data["requested_language"] == "ar" and data["fallback"] is True
    assert data["translations"]["ar"]["status"] == "missing"


def test_lookup_resolves_taxonomy_titles(client, records):
    data = client.get("/api/records/2024-070/").json()
    assert data["gbf_targets"] == [
        {
            "identifier": "GBF-TARGET-03",
            "resolved": True,
            "title": "Conserve 30% of land, waters and seas",
            "type": "gbf-target",
            "api_url": "http://testserver/api/records/GBF-TARGET-03/?lang=en",
        }
    ]
    # A meeting the hub does not hold keeps its code, with its address on the CBD site.
    assert data["meetings"][0] == {"identifier": "COP-16", "resolved": False, "title": None, "type": None,
                                   "source_url": "https://www.cbd.int/meetings/COP-16"}


def test_unknown_identifier_is_404_json(client, records):
    response = client.get("/api/records/2031-999/")
    assert response.status_code == 404
    assert "2031-999" in response.json()["error"]


@pytest.mark.parametrize("ref", ["decision 15/4", "CBD/COP/DEC/15/4", "CBD/COP/15/04", "COP 15/4"])
def test_resolver_maps_spellings_of_a_decision_to_one_record(client, records, ref):
    response = client.get("/api/resolve/", {"ref": ref})
    assert response.status_code == 200, response.content
    assert response.json()["identifier"] == "CBD/COP/DEC/15/4"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("2024-070", "2024-070"),
        ("notification 2024-70", "2024-070"),
        ("GBF target 3", "GBF-TARGET-03"),
        ("Aichi Target 11", "AICHI-TARGET-11"),
    ],
)
def test_resolver_other_references(client, records, ref, expected):
    assert client.get("/api/resolve/", {"ref": ref}).json()["identifier"] == expected


def test_resolver_says_when_nothing_matches(client, records):
    assert client.get("/api/resolve/", {"ref": "decision 99/99"}).status_code == 404
    assert client.get("/api/resolve/").status_code == 400


def test_drafts_never_appear(client, site):
    from cms.records.models import NotificationPage

    draft = NotificationPage(title="Secret draft", slug="2024-200", identifier="2024-200", live=False)
    site["notifications"].add_child(instance=draft)
    draft.save_revision()
    assert client.get("/api/records/2024-200/").status_code == 404
    assert "2024-200" not in _identifiers(client.get("/api/v2/notifications/"))
    assert client.get("/api/resolve/", {"ref": "2024-200"}).status_code == 404


def test_unpublished_record_disappears(client, records):
    records["070"].unpublish()
    assert client.get("/api/records/2024-070/").status_code == 404
    assert "2024-070" not in _identifiers(client.get("/api/v2/notifications/"))


def test_private_records_never_appear(client, records):
    PageViewRestriction.objects.create(page=records["071"], restriction_type="login")
    assert client.get("/api/records/2024-071/").status_code == 404
    assert "2024-071" not in _identifiers(client.get("/api/v2/notifications/"))


def test_api_is_read_only(client, records):
    for method in (client.post, client.put, client.delete):
        assert method("/api/records/2024-070/").status_code == 405


def test_openapi_document_lists_the_public_endpoints(client):
    doc = client.get("/api/schema/").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/records/{identifier}/", "/api/resolve/", "/api/search/", "/api/ask/", "/api/v2/notifications/"):
        assert path in doc["paths"]


def test_seeded_decision_15_4_has_annex_paragraphs_and_legacy_redirects(client, site, make_term):
    from migration.demo import ensure_decision_15_4

    ensure_decision_15_4()
    data = client.get("/api/records/CBD/COP/DEC/15/4/").json()
    annex = [block for block in data["body"] if block["kind"] == "annex"][0]
    assert len(annex["paragraphs"]) == 23
    assert annex["paragraphs"][2]["code"] == "CBD/COP/15/04/ANNEX-H/03"
    assert annex["paragraphs"][2]["gbf_targets"] == ["GBF-TARGET-03"]
    for path in ("/decisions/cop/15/4", "/decisions/cop/15/04", "/doc/decisions/cop-15/cop-15-dec-04-fr.pdf"):
        response = client.get(path)
        assert response.status_code == 301, path
        assert response["Location"].endswith("/decisions/cbd-cop-dec-15-4/")
