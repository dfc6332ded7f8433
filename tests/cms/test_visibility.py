"""One rule for what the public may see (cms.core.visibility), on every surface, with each leak of issue 15 as a
case: the resolver's legacy-URL path, a treaty's articles and an article's treaty, documents of draft or private
records, legacy redirects, and the cost of many view restrictions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from cms.core.search_documents import build_documents

pytestmark = pytest.mark.django_db

RESTRICTIONS = ["password", "login", "groups"]


def restrict(page, kind: str = "login") -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="secret")
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Secretariat staff")[0])
    return restriction


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def private_notification(make_notification):
    page = make_notification("2024-070", "Confidential budget consultation")
    Redirect.objects.create(old_path="/notifications/2024-070", redirect_page=page)
    return page


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_a_restricted_record_is_found_by_no_spelling_of_its_reference(client, private_notification, kind):
    restriction = restrict(private_notification, kind)
    for ref in ["2024-070", "notification 2024-070", "/notifications/2024-070",
                "https://www.cbd.int/notifications/2024-070", private_notification.url]:
        response = client.get("/api/resolve/", {"ref": ref})
        assert response.status_code == 404, (ref, response.content)
        assert "Confidential" not in response.content.decode()
        assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    assert client.get("/api/records/2024-070/").status_code == 404
    restriction.delete()
    for ref in ["2024-070", "/notifications/2024-070", private_notification.url]:
        response = client.get("/api/resolve/", {"ref": ref})
        assert response.status_code == 200, ref
        assert response.json()["title"] == "Confidential budget consultation"


def test_a_restriction_on_the_section_hides_every_record_below_it(client, site, private_notification,
                                                                   make_term):
    make_term("GBF-TARGET-03", "Conserve 30% of land, waters and seas")
    restrict(site["notifications"])
    assert client.get("/api/resolve/", {"ref": "/notifications/2024-070"}).status_code == 404
    assert client.get("/api/records/2024-070/").status_code == 404
    listing = client.get("/api/v2/notifications/").json()
    assert listing["items"] == []
    assert client.get(f"/api/v2/pages/{private_notification.pk}/").status_code == 404
    assert build_documents(private_notification) == []
    # Records outside the restricted section stay public.
    assert client.get("/api/records/GBF-TARGET-03/").status_code == 200


# -- lookups no index serves: the matches first, then their restrictions (cms.core.visibility.public_list) ---------


@pytest.fixture
def hidden_targets(site, make_term):
    """A public target, one restricted on itself and one below a restricted section (the Aichi section), each with
    a legacy path: their identifiers have letters, so the case-insensitive lookups are the ones that find them."""
    public = make_term("GBF-TARGET-03", "Conserve thirty percent of land")
    private = make_term("GBF-TARGET-07", "Secret pollution target")
    below = make_term("AICHI-TARGET-11", "Hidden protected areas target", scheme="aichi-target")
    for page in (public, private, below):
        Redirect.objects.create(old_path=f"/targets/{page.identifier.lower()}", redirect_page=page)
    return public, private, below


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_case_insensitive_lookups_find_public_records_only(client, site, hidden_targets, kind):
    public, private, below = hidden_targets
    restrict(private, kind)
    restrict(site["aichi"], kind)
    for page in (private, below):
        for ref in [page.identifier.lower(), page.identifier.title(), f"/targets/{page.identifier.lower()}",
                    f"https://www.cbd.int/targets/{page.identifier.lower()}", page.url]:
            response = client.get("/api/resolve/", {"ref": ref})
            assert response.status_code == 404, (ref, response.content)
            assert "Secret" not in response.content.decode() and "Hidden" not in response.content.decode()
        for spelling in (page.identifier, page.identifier.lower()):  # exact, then the case-insensitive fallback
            assert client.get(f"/api/records/{spelling}/").status_code == 404, spelling
    for ref in [public.identifier.lower(), "/targets/gbf-target-03", public.url]:
        response = client.get("/api/resolve/", {"ref": ref})
        assert response.status_code == 200, ref
        assert response.json()["identifier"] == "GBF-TARGET-03"
    assert client.get("/api/records/gbf-target-03/").json()["identifier"] == "GBF-TARGET-03"


@pytest.mark.parametrize("kind", RESTRICTIONS)
def test_referenced_by_lists_public_records_only(client, site, make_term, make_notification, make_decision, kind):
    make_term("GBF-TARGET-03", "Conserve thirty percent of land")
    cited = make_notification("2024-010", "Call for views on protected areas")
    fields = {"gbf_targets": ["GBF-TARGET-03"], "related": ["2024-010"]}
    make_notification("2024-011", "Open consultation", **fields)
    private = make_notification("2024-012", "Secret consultation", **fields)
    make_decision(15, 4, "Hidden decision", **fields)  # below the decisions section, restricted next
    before = client.get("/api/records/GBF-TARGET-03/").json()["referenced_by"]
    assert sum(len(items) for items in before.values()) == 3
    restrict(private, kind)
    restrict(site["decisions"], kind)
    for identifier in ("GBF-TARGET-03", cited.identifier):
        payload = client.get(f"/api/records/{identifier}/").json()
        listed = [item["identifier"] for items in payload["referenced_by"].values() for item in items]
        assert listed == ["2024-011"], identifier


def test_a_limited_lookup_reads_past_restricted_matches(make_notification, monkeypatch):
    """first_public() reads the matches in batches: restricted ones never take the place of a public one after
    them, whatever the batch size."""
    from cms.core import visibility
    from cms.records.models import NotificationPage

    hidden = [make_notification(f"2024-{n:03d}", f"Private {n}") for n in range(1, 6)]
    for page in hidden:
        restrict(page)
    make_notification("2024-900", "Public call")
    monkeypatch.setattr(visibility, "PUBLIC_LIST_BATCH", 2)
    matches = NotificationPage.objects.filter(identifier__startswith="2024-").order_by("identifier")
    assert visibility.first_public(matches).identifier == "2024-900"
    assert [p.identifier for p in visibility.public_list(matches, limit=3)] == ["2024-900"]
    assert [p.identifier for p in visibility.public_list(matches)] == ["2024-900"]


def test_an_expired_record_is_not_public_even_before_publish_scheduled_runs(client, make_notification):
    page = make_notification("2024-071", "Call that closed")
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get("/api/records/2024-071/").status_code == 404
    assert client.get("/api/resolve/", {"ref": "2024-071"}).status_code == 404
    assert build_documents(page) == []


def _followed(client, path: str) -> list[str]:
    """Where a reader's browser goes from a legacy path: every Location on the way."""
    response = client.get(path, follow=True)
    return [url for url, _ in response.redirect_chain] + [str(response.status_code)]


def test_a_legacy_redirect_to_a_private_or_unpublished_record_no_longer_leads_to_it(client, private_notification):
    assert client.get("/notifications/2024-070").status_code == 301
    assert any("record.html?id=2024-070" in url for url in _followed(client, "/notifications/2024-070"))
    restriction = restrict(private_notification, "password")
    # Not the permanent redirect any more: the path is handled like any unknown one (language prefix, then
    # Wagtail's own password form for the page), and the reader never reaches the record.
    assert client.get("/notifications/2024-070").status_code != 301
    assert not any("record.html" in url for url in _followed(client, "/notifications/2024-070"))
    restriction.delete()
    private_notification.unpublish()
    assert client.get("/notifications/2024-070").status_code != 301
    assert _followed(client, "/notifications/2024-070")[-1] == "404"


# -- treaties and their articles ------------------------------------------------------------------------------------
@pytest.fixture
def treaty(site):
    from cms.records.models import TreatyArticlePage, TreatyPage

    treaty = _publish(site["treaties"], TreatyPage(title="Convention on Biological Diversity", slug="cbd",
                                                   identifier="cbd", short_title="Convention"))
    for number, title in [("1", "Objectives"), ("2", "Use of Terms"), ("3", "Principle")]:
        _publish(treaty, TreatyArticlePage(title=title, slug=f"cbd-0{number}", identifier=f"cbd-0{number}",
                                           number=number))
    return treaty


def _article(identifier: str):
    from cms.records.models import TreatyArticlePage

    return TreatyArticlePage.objects.get(identifier=identifier, locale__language_code="en")


def test_the_treaty_record_lists_only_public_articles(client, treaty):
    restrict(_article("cbd-02"), "groups")
    _article("cbd-03").unpublish()
    articles = client.get("/api/records/cbd/").json()["articles"]
    assert [a["identifier"] for a in articles] == ["cbd-01"]
    assert "Use of Terms" not in client.get("/api/records/cbd/").content.decode()


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_a_hidden_treaty_title_does_not_live_on_in_its_articles(client, treaty, hide):
    restrict(treaty) if hide == "restrict" else treaty.unpublish()
    article = _article("cbd-01")
    record = client.get("/api/records/cbd-01/")
    if hide == "restrict":  # the restriction covers the articles too
        assert record.status_code == 404
        assert build_documents(article) == []
        return
    assert record.status_code == 200
    assert record.json()["treaty"] is None
    # The treaty's title; "Convention article 1" stays among the article's symbol spellings (identifiers' variants).
    assert "Convention on Biological Diversity" not in record.content.decode()
    docs = build_documents(article)
    assert docs and all("Convention" not in doc["title"] for doc in docs)


def test_a_renamed_treaty_renames_its_articles_documents(treaty):
    assert build_documents(_article("cbd-01"))[0]["title"].startswith("Convention, Article 1")
    treaty.short_title = "CBD"
    treaty.save_revision()  # a draft: the public title is unchanged
    assert build_documents(_article("cbd-01"))[0]["title"].startswith("Convention, Article 1")
    treaty.get_latest_revision().publish()
    assert build_documents(_article("cbd-01"))[0]["title"].startswith("CBD, Article 1")


# -- documents ------------------------------------------------------------------------------------------------------
@pytest.fixture
def attached(site, settings, tmp_path):
    """A document attached to a draft notification (nothing public links it yet)."""
    from cms.records.models import NotificationFile, NotificationPage

    settings.MEDIA_ROOT = str(tmp_path)
    document = Document.objects.create(title="Draft annex", file=ContentFile(b"Annex text", name="annex.txt"))
    page = NotificationPage(title="Draft call", slug="2024-099", identifier="2024-099", live=False)
    page.files = [NotificationFile(document=document, language="en", name="annex.txt")]
    site["notifications"].add_child(instance=page)
    page.save_revision()
    return page, document


def _listed_documents(client) -> list[int]:
    response = client.get("/api/v2/documents/")
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_document_of_a_draft_is_neither_listed_nor_served(client, attached):
    page, document = attached
    assert document.pk not in _listed_documents(client)
    assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404
    assert client.get(document.url).status_code == 404
    page.get_latest_revision().publish()
    assert document.pk in _listed_documents(client)
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"Annex text"
    restrict(page, "login")
    assert document.pk not in _listed_documents(client)
    assert client.get(document.url).status_code == 404


def test_editors_still_get_the_document_of_a_draft(client, attached, django_user_model):
    _, document = attached
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    assert client.get(document.url).status_code == 200


# -- cost -----------------------------------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (sites, locales) first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_public_requests_cost_the_same_queries_whatever_the_number_of_restrictions(client, site, make_notification):
    make_notification("2024-070", "Peer review of NBSAPs")
    hidden = [make_notification(f"2030-{n:03d}", f"Private {n}") for n in range(1, 13)]
    for page in hidden:  # hidden either way: only the number of restrictions changes below
        page.unpublish()
    urls = ["/api/records/2024-070/", "/api/resolve/?ref=2024-070", "/api/v2/notifications/",
            "/api/v2/pages/?type=records.NotificationPage&fields=identifier"]
    restrict(hidden[0])
    one = {url: _queries(client, url) for url in urls}
    for page in hidden[1:]:
        restrict(page)
    many = {url: _queries(client, url) for url in urls}
    assert many == one
    listing = client.get("/api/v2/notifications/").json()
    assert [item["identifier"] for item in listing["items"]] == ["2024-070"]


def test_labels_forget_a_restricted_term_at_once(client, make_term):
    term = make_term("GBF-TARGET-03", "Conserve thirty percent of land")
    assert "Conserve thirty percent" in client.get("/api/labels/").content.decode()
    restrict(term)  # the labels were cached for 5 minutes: the restriction must not wait for that
    assert "Conserve thirty percent" not in client.get("/api/labels/").content.decode()

