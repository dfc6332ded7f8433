"""Harvesting with a real OAI-PMH client (sickle) against a live server: the whole hub exactly once, an
incremental harvest after an edit, a tombstone after an unpublish and a delete; the JSON changes feed agrees."""

import datetime as dt

import pytest
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, BadResumptionToken, IdDoesNotExist, NoRecordsMatch

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def empty_change_log(db):
    """Other modules' cleanups (pages deleted outside a test transaction) leave tombstones, which a harvest rightly
    returns; the hub's harvest starts from none."""
    from cms.harvest.models import RecordChange

    RecordChange.objects.all().delete()


@pytest.fixture
def harvestable(empty_change_log, hub, settings):
    """The small hub plus a French version of the meeting, every page stamped long ago, small OAI pages."""
    from wagtail.models import Locale, Page

    from cms.records.models import MeetingPage

    settings.OAI_BATCH_SIZE = 3  # several resumption tokens even for a small hub
    french = MeetingPage.objects.get(identifier="COP-16").copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Seizième réunion de la Conférence des Parties"
    french.save_revision().publish()
    Page.objects.filter(live=True).update(last_published_at=LONG_AGO)
    return hub


def published_items():
    from cms.api.serializers import public_records

    return {f"oai:chm.cbd.int:{p.locale.language_code}/{p.identifier}" for p in public_records()}


def harvest(endpoint, **arguments):
    try:
        return list(
            Sickle(endpoint, max_retries=0).ListRecords(metadataPrefix="oai_dc", ignore_deleted=False, **arguments)
        )
    except NoRecordsMatch:
        return []


def changes(client, since=None):
    """Walk the JSON changes feed from `since` to its end, two changes a page."""
    found, cursor = [], since
    while True:
        data = client.get("/api/changes/", {"limit": 2, **({"since": cursor} if cursor else {})}).json()
        found += data["changes"]
        cursor = data["next_cursor"]
        if not data["has_more"]:
            return found, cursor


def test_a_full_harvest_returns_every_published_record_in_every_language_exactly_once(live_server, harvestable, client):
    """Also: sets, Identify, and protocol errors (one live-server test: each flushes and re-creates the site)."""
    records = harvest(f"{live_server.url}/oai/")
    identifiers = [r.header.identifier for r in records]
    assert len(identifiers) == len(set(identifiers)), "a record was harvested twice"
    assert set(identifiers) == published_items()
    assert "oai:chm.cbd.int:fr/COP-16" in identifiers
    french = next(r for r in records if r.header.identifier == "oai:chm.cbd.int:fr/COP-16")
    assert french.metadata["title"] == ["Seizième réunion de la Conférence des Parties"]
    assert french.metadata["language"] == ["fr"]
    notification = next(r for r in records if r.header.identifier.endswith("en/2024-070"))
    assert {"type:notification", "gbf-target:GBF-TARGET-03"} <= set(notification.header.setSpecs)
    feed, _ = changes(client)
    assert {c["oai_identifier"] for c in feed} == set(identifiers)

    # Sets select by record type and by GBF target.
    endpoint = f"{live_server.url}/oai/"
    activities = {r.header.identifier for r in harvest(endpoint, set="type:activity")}
    assert activities == {f"oai:chm.cbd.int:en/ACT-2025-0{n}" for n in (1, 2, 3, 4)}
    tagged = {r.header.identifier for r in harvest(endpoint, set="gbf-target:GBF-TARGET-03")}
    assert tagged == {"oai:chm.cbd.int:en/2024-070", "oai:chm.cbd.int:en/CBD/COP/DEC/15/4"}
    sets = {s.setSpec for s in Sickle(endpoint).ListSets()}
    assert {"type:decision", "type:meeting", "gbf-target:GBF-TARGET-03"} <= sets

    # The repository says how it behaves; protocol errors are OAI errors.
    client = Sickle(endpoint, max_retries=0)
    identify = client.Identify()
    assert (identify.deletedRecord, identify.granularity, identify.protocolVersion) == (
        "persistent",
        "YYYY-MM-DDThh:mm:ssZ",
        "2.0",
    )
    with pytest.raises(IdDoesNotExist):
        client.GetRecord(identifier="oai:chm.cbd.int:en/1999-999", metadataPrefix="oai_dc")
    with pytest.raises((BadResumptionToken, BadArgument)):
        list(client.ListRecords(resumptionToken="not-a-token"))
    record = client.GetRecord(identifier="oai:chm.cbd.int:en/COP-16", metadataPrefix="oai_dc")
    assert "52000000cbd00500000019e2" in record.metadata["identifier"]


def test_an_edit_and_an_unpublish_show_up_in_the_next_incremental_harvest(live_server, harvestable, client):
    from cms.records.models import NotificationPage

    endpoint = f"{live_server.url}/oai/"
    _, cursor = changes(client)
    since = "2025-01-01T00:00:00Z"
    assert harvest(endpoint, **{"from": since}) == []

    edited = NotificationPage.objects.get(identifier="2024-070")
    edited.title = "Peer review of NBSAPs (revised)"
    edited.save_revision().publish()
    harvestable["finance"].unpublish()
    harvestable["abs"].delete()

    records = {r.header.identifier: r for r in harvest(endpoint, **{"from": since})}
    assert set(records) == {
        "oai:chm.cbd.int:en/2024-070",
        "oai:chm.cbd.int:en/ACT-2025-02",
        "oai:chm.cbd.int:en/ACT-2025-04",
    }
    assert records["oai:chm.cbd.int:en/2024-070"].metadata["title"] == ["Peer review of NBSAPs (revised)"]
    assert records["oai:chm.cbd.int:en/ACT-2025-02"].header.deleted
    assert records["oai:chm.cbd.int:en/ACT-2025-04"].header.deleted
    assert not records["oai:chm.cbd.int:en/2024-070"].header.deleted

    # The changes feed, from the cursor kept before the edit, says the same thing.
    feed, _ = changes(client, cursor)
    assert {(c["oai_identifier"], c["op"]) for c in feed} == {
        ("oai:chm.cbd.int:en/2024-070", "upsert"),
        ("oai:chm.cbd.int:en/ACT-2025-02", "delete"),
        ("oai:chm.cbd.int:en/ACT-2025-04", "delete"),
    }
    assert {c["reason"] for c in feed if c["op"] == "delete"} == {"unpublish", "delete"}

    # Tombstones persist: a full harvest still lists them as deleted, and a record published again is live.
    full = {r.header.identifier: r.header.deleted for r in harvest(endpoint)}
    assert full["oai:chm.cbd.int:en/ACT-2025-02"] is True
    harvestable["finance"].save_revision().publish()
    again = [(r.header.identifier, r.header.deleted) for r in harvest(endpoint)]
    assert [deleted for identifier, deleted in again if identifier == "oai:chm.cbd.int:en/ACT-2025-02"] == [False]


def test_a_view_restriction_withdraws_records_and_lifting_it_announces_them_again(live_server, harvestable, client):
    """On the record itself and on an ancestor (the activities section): a harvester that already has the records
    (stamped long ago) sees them deleted, then back with a datestamp newer than its last harvest."""
    from wagtail.models import PageViewRestriction

    endpoint = f"{live_server.url}/oai/"
    notification = "oai:chm.cbd.int:en/2024-070"
    activities = {f"oai:chm.cbd.int:en/ACT-2025-0{n}" for n in range(1, 5)}
    first_harvest = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _, cursor = changes(client)

    on_record = PageViewRestriction.objects.create(page=harvestable["notification"], restriction_type="login")
    on_section = PageViewRestriction.objects.create(
        page=harvestable["finance"].get_parent(), restriction_type="password", password="secret"
    )
    withdrawn = {r.header.identifier: r.header.deleted for r in harvest(endpoint, **{"from": "2025-01-01"})}
    assert withdrawn == dict.fromkeys({notification, *activities}, True)
    feed, cursor = changes(client, cursor)
    assert {(c["oai_identifier"], c["op"], c["reason"]) for c in feed} == {
        (identifier, "delete", "privacy") for identifier in {notification, *activities}
    }

    on_record.delete()
    on_section.delete()
    back = {r.header.identifier: r for r in harvest(endpoint, **{"from": first_harvest.strftime("%Y-%m-%dT%H:%M:%SZ")})}
    assert set(back) == {notification, *activities}
    assert not any(r.header.deleted for r in back.values())
    stamps = {dt.datetime.fromisoformat(r.header.datestamp.replace("Z", "+00:00")) for r in back.values()}
    assert min(stamps) >= first_harvest > LONG_AGO
    assert back[notification].metadata["title"] == ["Peer review of NBSAPs"]
    feed, _ = changes(client, cursor)
    assert {(c["oai_identifier"], c["op"]) for c in feed} == {(i, "upsert") for i in {notification, *activities}}

    # Each record is listed once, live, in a full harvest; GetRecord agrees.
    full = [(r.header.identifier, r.header.deleted) for r in harvest(endpoint)]
    assert sorted(i for i, deleted in full if i in back and not deleted) == sorted(back)
    assert len([i for i, _ in full if i in back]) == len(back)
    record = Sickle(endpoint, max_retries=0).GetRecord(identifier=notification, metadataPrefix="oai_dc")
    assert not record.header.deleted and record.header.datestamp == back[notification].header.datestamp


def test_a_lifted_restriction_announces_only_what_is_public_again(live_server, harvestable):
    """A record still hidden by a second restriction on an ancestor stays a tombstone."""
    from wagtail.models import PageViewRestriction

    endpoint = f"{live_server.url}/oai/"
    on_section = PageViewRestriction.objects.create(page=harvestable["finance"].get_parent(), restriction_type="login")
    on_record = PageViewRestriction.objects.create(page=harvestable["finance"], restriction_type="login")
    on_record.delete()
    deleted = {r.header.identifier: r.header.deleted for r in harvest(endpoint, **{"from": "2025-01-01"})}
    assert deleted["oai:chm.cbd.int:en/ACT-2025-02"] is True
    on_section.delete()
    deleted = {r.header.identifier: r.header.deleted for r in harvest(endpoint, **{"from": "2025-01-01"})}
    assert deleted["oai:chm.cbd.int:en/ACT-2025-02"] is False
