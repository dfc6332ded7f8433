"""Decision tracking for every governing body, for decisions in the hub or only cited."""

import pytest

pytestmark = pytest.mark.django_db


def tracking(client, symbol):
    return client.get(f"/api/decisions/{symbol}/tracking/")


def test_decision_16_32_lists_the_records_that_cite_it_per_paragraph(client, hub):
    response = tracking(client, "CBD/COP/DEC/16/32")
    assert response.status_code == 200
    data = response.json()
    assert data["in_hub"] is False and data["governing_body"] == "COP"
    assert {a["identifier"] for a in data["activities"]} == {"ACT-2025-01", "ACT-2025-02"}
    by_code = {p["code"]: p["activities"] for p in data["paragraphs"]}
    assert by_code == {"CBD/COP/16/32/21": ["ACT-2025-01"], None: ["ACT-2025-02"]}
    notification = next(n for n in data["notifications"] if n["identifier"] == "2024-070")
    assert notification["resolved"] is True and notification["via"] == ["ACT-2025-01"]
    meetings = {m["identifier"]: m["role"] for m in data["meetings"]}
    assert meetings == {"COP-16": "adopted"}
    assert data["activities"][0]["status"] in ("confirmed", "ongoing")


@pytest.mark.parametrize(("spelling", "symbol", "body"), [
    ("16/32", "CBD/COP/DEC/16/32", "COP"),
    ("CP-11/8", "CBD/CP/MOP/DEC/11/8", "CP-MOP"),
    ("CBD/CP/MOP/DEC/11/8", "CBD/CP/MOP/DEC/11/8", "CP-MOP"),
    ("NP-4/3", "CBD/NP/MOP/DEC/4/3", "NP-MOP"),
])
def test_every_governing_body_and_spelling_has_a_tracking_page(client, hub, spelling, symbol, body):
    data = tracking(client, spelling).json()
    assert (data["symbol"], data["governing_body"]) == (symbol, body)
    assert data["activities"], "the citing activity is listed"
    assert data["paragraphs"][0]["code"] is not None


def test_a_decision_in_the_hub_shows_its_paragraph_text(client, hub, make_activity):
    make_activity("ACT-2025-09", "Framework follow-up", decision_refs=["CBD/COP/DEC/15/4"],
                  paragraph_refs=["CBD/COP/15/04/A/01"])
    data = tracking(client, "15/4").json()
    assert data["in_hub"] is True and data["record"]["identifier"] == "CBD/COP/DEC/15/4"
    paragraph = data["paragraphs"][0]
    assert (paragraph["code"], paragraph["anchor"]) == ("CBD/COP/15/04/A/01", "para-a-1")
    assert "Adopts the framework" in paragraph["text"]


def test_bad_symbols_are_a_clear_400_and_unknown_decisions_a_404(client, hub):
    bad = tracking(client, "not-a-decision")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json; charset=utf-8"
    assert tracking(client, "CBD/COP/DEC/9/30").status_code == 404


@pytest.mark.parametrize("restriction", ["login", "password"])
def test_a_restricted_citing_record_is_not_listed_and_a_decision_only_it_cites_is_unknown(client, hub, restriction):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=hub["finance"], restriction_type=restriction, password="secret")
    data = tracking(client, "CBD/COP/DEC/16/32").json()
    assert {a["identifier"] for a in data["activities"]} == {"ACT-2025-01"}
    assert "Financial mechanism" not in str(data)

    PageViewRestriction.objects.create(page=hub["abs"].get_parent(), restriction_type=restriction, password="s")
    assert tracking(client, "NP-4/3").status_code == 404, "its only citing record is private (on its section)"
    resolved = client.get("/api/resolve/", {"ref": "CBD/NP/MOP/DEC/4/3"})
    assert "First national reports" not in resolved.content.decode()
    assert client.get("/id/CBD/NP/MOP/DEC/4/3").status_code == 404
