"""Every persistent identifier resolves: index-API ids, paragraph codes, decisions the hub only cites."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_index_api_id_answers_the_meeting_it_names(client, hub):
    data = client.get("/api/resolve/", {"ref": "52000000cbd00500000019e2"}).json()
    assert (data["identifier"], data["type"], data["match"]) == ("COP-16", "meeting", "index-id")


def test_a_paragraph_code_written_through_the_decision_symbol_answers_its_paragraph(client, hub):
    data = client.get("/api/resolve/", {"ref": "CBD/COP/DEC/15/4/A/1"}).json()
    assert data["identifier"] == "CBD/COP/DEC/15/4"
    assert (data["paragraph_code"], data["anchor"]) == ("CBD/COP/15/04/A/01", "para-a-1")
    assert data["frontend_url"].endswith("#para-a-1")


def test_a_cited_decision_the_hub_lacks_answers_a_reference_record_not_a_404(client, hub):
    response = client.get("/api/resolve/", {"ref": "16/32"})
    assert response.status_code == 200
    data = response.json()
    assert data["resolved"] is False
    assert (data["identifier"], data["governing_body"], data["session"], data["number"]) == (
        "CBD/COP/DEC/16/32", "COP", 16, 32)
    assert {c["identifier"] for c in data["cited_by"]} == {"ACT-2025-01", "ACT-2025-02"}
    assert data["tracking_url"] == "http://testserver/api/decisions/CBD/COP/DEC/16/32/tracking/"


def test_a_decision_nobody_cites_is_still_not_found(client, hub):
    assert client.get("/api/resolve/", {"ref": "decision 99/99"}).status_code == 404
    assert client.get("/api/resolve/", {"ref": "decision 16/99"}).status_code == 404


def test_the_record_api_lists_alternative_identifiers(client, hub):
    meeting = client.get("/api/records/COP-16/").json()
    assert {"scheme": "index-api", "value": "52000000cbd00500000019e2"} in meeting["alternative_identifiers"]
    assert meeting["uri"] == "http://testserver/id/COP-16" or meeting["uri"].endswith("/id/COP-16")
    decision = client.get("/api/records/CBD/COP/DEC/15/4/").json()
    schemes = {(a["scheme"], a["value"]) for a in decision["alternative_identifiers"]}
    assert {("dtt-code", "CBD/COP/15/04"), ("short", "15/4")} <= schemes
    assert decision["tracking_url"] == "http://testserver/api/decisions/CBD/COP/DEC/15/4/tracking/"


def test_a_record_uri_dereferences_by_content_negotiation(client, hub):
    html = client.get("/id/2024-070", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert html.status_code == 303 and "record.html?id=2024-070" in html["Location"]
    jsonld = client.get("/id/2024-070", HTTP_ACCEPT="application/ld+json")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    assert jsonld.json()["@type"] == "CreativeWork"
    assert client.get("/id/2024-070", HTTP_ACCEPT="application/json")["Location"].startswith("/api/records/2024-070/")
    assert client.get("/id/1999-999").status_code == 404
