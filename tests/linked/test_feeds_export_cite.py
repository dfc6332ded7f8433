"""Atom feeds parse in feedparser; search results export as CSV and JSON; "Cite this record" in three formats."""

import csv
import datetime as dt
import io
import json

import feedparser
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_record_feeds_parse_and_link_each_record(client, hub):
    notifications = feed(client, "/feeds/notifications/")
    entry = next(e for e in notifications.entries if "2024-070" in e.title)
    assert "record.html?id=2024-070" in entry.link
    assert entry.id.endswith("/id/2024-070")
    target = {e.id.rsplit("/", 1)[1] for e in feed(client, "/feeds/gbf-targets/GBF-TARGET-03/").entries}
    assert {"2024-070", "4"} <= target  # the notification and decision 15/4 (…/id/CBD/COP/DEC/15/4)
    assert len(feed(client, "/feeds/types/activity/").entries) == 4
    assert client.get("/feeds/types/nothing/").status_code == 404
    assert client.get("/feeds/gbf-targets/GBF-TARGET-99/").status_code == 404


def test_the_deadlines_feed_holds_the_next_30_days(client, hub, make_notification):
    today = timezone.localdate()
    make_notification("2099-001", "Submit views soon", deadline=today + dt.timedelta(days=10))
    make_notification("2099-002", "Submit views later", deadline=today + dt.timedelta(days=40))
    make_notification("2099-003", "Closed", deadline=today - dt.timedelta(days=1))
    titles = [e.title for e in feed(client, "/feeds/deadlines/").entries]
    assert len(titles) == 1 and "2099-001" in titles[0]


def test_a_feed_of_any_search(client, hub):
    entries = feed(client, "/feeds/search/?q=NBSAPs&type=notification").entries
    assert [e.id.rsplit("/", 1)[1] for e in entries] == ["2024-070"]
    bad = client.get("/feeds/search/", {"type": "nothing"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json; charset=utf-8"


def test_search_results_export_as_csv_and_json(client, hub):
    response = client.get("/api/search/export/", {"type": "activity", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(r["identifier"] for r in rows) == ["ACT-2025-01", "ACT-2025-02", "ACT-2025-03", "ACT-2025-04"]
    assert rows[0]["uri"].endswith("/id/" + rows[0]["identifier"])
    response = client.get("/api/search/export/", {"q": "NBSAPs", "format": "json", "limit": 1})
    data = json.loads(b"".join(response.streaming_content))
    assert [r["identifier"] for r in data["results"]] == ["2024-070"] and data["query"]["q"] == "NBSAPs"
    for bad in ({"format": "xls"}, {"limit": "0"}, {"limit": "99999999"}, {"type": "nothing"}):
        assert client.get("/api/search/export/", bad).status_code == 400


def test_cite_this_record_in_csl_json_ris_and_bibtex(client, hub):
    csl = client.get("/api/records/CBD/COP/DEC/15/4/cite/", {"format": "csl"}).json()
    assert csl[0]["type"] == "legislation" and csl[0]["issued"] == {"date-parts": [[2022, 12, 19]]}
    assert csl[0]["author"] == [{"literal": "Conference of the Parties to the Convention on Biological Diversity"}]
    ris = client.get("/api/records/2024-070/cite/", {"format": "ris"}).content.decode()
    assert ris.startswith("TY  - GEN") and "TI  - Peer review of NBSAPs" in ris and "ER  - " in ris
    bib = client.get("/api/records/COP-16/cite/", {"format": "bibtex", "download": "1"})
    assert bib["Content-Disposition"] == 'attachment; filename="cbd_cop_16.bib"'
    text = bib.content.decode()
    assert text.startswith("@misc{cbd_cop_16,") and "year = {2024}" in text and text.rstrip().endswith("}")
    assert client.get("/api/records/2024-070/cite/", {"format": "doc"}).status_code == 400
    assert client.get("/api/records/1999-999/cite/").status_code == 404


def test_every_record_response_carries_schema_org_json_ld(client, hub):
    expected = {"CBD/COP/DEC/15/4": "Legislation", "COP-16": "Event", "2024-070": "CreativeWork",
                "GBF-TARGET-03": "DefinedTerm"}
    for identifier, schema_type in expected.items():
        data = client.get(f"/api/records/{identifier}/").json()["jsonld"]
        assert data["@type"] == schema_type and data["@context"] == {"@vocab": "https://schema.org/"}
    notification = client.get("/api/records/2024-070/").json()["jsonld"]
    assert {"@id": "http://127.0.0.1:8000/vocab/gbf/GBF-TARGET-03"} in notification["about"] or any(
        a["@id"].endswith("/vocab/gbf/GBF-TARGET-03") for a in notification["about"])
