"""A small hub for the open-and-linked tests: records of several types, a decision with paragraphs, activities
citing decisions the hub does not hold (COP 16/32, CP-MOP 11/8, NP-MOP 4/3), a meeting from the index API."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection

DECISION_BODY = [
    {"type": "section", "value": {"label": "A", "title": "Framework", "paragraphs": [
        {"number": "1", "text": "Adopts the framework;", "subparagraphs": [], "gbf_targets": [], "subjects": [],
         "actors": "", "status": ""}]}},
]


@pytest.fixture
def site(db, isolated_indexes, monkeypatch):
    """The bootstrapped site, with the search index kept in step: in a test wrapped in a transaction nothing
    commits, so the outbox's after-commit drain runs at once (as in tests/search_api)."""
    from cms.core.site import bootstrap_site

    if connection.in_atomic_block:
        monkeypatch.setattr("indexing.outbox.transaction", SimpleNamespace(on_commit=lambda fn, **_: fn()))
    return bootstrap_site()


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def make_activity(site):
    from cms.records.models import ActivityPage

    def factory(identifier: str, title: str, **fields):
        fields.setdefault("date", dt.date(2025, 1, 15))
        return publish(site["activities"], ActivityPage(title=title, slug=identifier.lower(), identifier=identifier,
                                                        **fields))

    return factory


@pytest.fixture
def make_meeting(site):
    from cms.records.models import MeetingPage

    def factory(code: str, title: str, **fields):
        fields.setdefault("date", dt.date(2024, 10, 21))
        return publish(site["meetings"], MeetingPage(title=title, slug=code.lower(), identifier=code, **fields))

    return factory


@pytest.fixture
def hub(make_notification, make_term, make_decision, make_activity, make_meeting):
    records = {
        "notification": make_notification("2024-070", "Peer review of NBSAPs", gbf_targets=["GBF-TARGET-03"],
                                          date=dt.date(2024, 6, 3)),
        "target": make_term("GBF-TARGET-03", "Conserve 30% of land, waters and seas", code="T3"),
        "decision": make_decision(15, 4, body=DECISION_BODY, date=dt.date(2022, 12, 19),
                                  gbf_targets=["GBF-TARGET-03"]),
        "meeting": make_meeting("COP-16", "Sixteenth meeting of the Conference of the Parties", city="Cali",
                                source_system="cbd-index-api:meeting", legacy_id="52000000cbd00500000019e2"),
        "resource_mobilisation": make_activity(
            "ACT-2025-01", "Report on resource mobilization", status="confirmed",
            decision_refs=["CBD/COP/DEC/16/32"], paragraph_refs=["CBD/COP/16/32/21"], notifications=["2024-070"],
            meetings=["COP-16"], end_text="Q4 2025"),
        "finance": make_activity("ACT-2025-02", "Financial mechanism guidance", status="ongoing",
                                 decision_refs=["CBD/COP/DEC/16/32"]),
        "biosafety": make_activity("ACT-2025-03", "Biosafety capacity building", status="tentative",
                                   decision_refs=["CBD/CP/MOP/DEC/11/8"], paragraph_refs=["CBD/CP/11/08/03"]),
        "abs": make_activity("ACT-2025-04", "First national reports on the Nagoya Protocol",
                             decision_refs=["CBD/NP/MOP/DEC/4/3"], paragraph_refs=["CBD/NP/04/03/05"]),
    }
    return records
