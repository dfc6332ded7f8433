"""The editor's admin: previews through the front end, reference fields checked against published records,
the sortable notifications listing and the dashboard panels editors act on."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.models import PreviewDraft
from cms.core.references import RecordPageForm
from cms.records.models import MeetingPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(site):
    page = MeetingPage(title="Sixteenth meeting of the Conference of the Parties", slug="cop-16", identifier="COP-16",
                       date=dt.date(2024, 10, 21))
    site["meetings"].add_child(instance=page)
    page.save_revision().publish()
    return page


def _preview_payload(client, response):
    assert response.status_code == 302, response.content[:300]
    location = response["Location"]
    assert location.startswith("/record.html?")
    token = re.search(r"preview=([\w-]+)", location).group(1)
    api = client.get(f"/api/preview/{token}/")
    assert api.status_code == 200
    assert api["Cache-Control"] == "no-store"
    return location, api.json()


def test_view_draft_sends_the_editor_to_the_front_end_with_the_draft(admin_client, make_notification):
    page = make_notification("2024-901", title="Published title")
    page.title = "Draft title not yet published"
    page.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    location, payload = _preview_payload(admin_client, response)
    assert "id=2024-901" in location
    assert payload["title"] == "Draft title not yet published"
    assert payload["preview"] is True
    # The public API still shows the published version.
    assert admin_client.get("/api/records/2024-901/").json()["title"] == "Published title"


def test_live_preview_of_the_edit_form_and_of_a_new_page_never_show_a_debug_page(admin_client, site, meeting):
    parent = site["notifications"]
    form = {"title": "A notification being written", "slug": "2024-902", "identifier": "2024-902",
            "date": "2024-05-01", "meetings": "COP-16", "related": "", "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0", "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000"}
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=["records", "notificationpage", parent.pk])
    posted = admin_client.post(preview_url, form)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    response = admin_client.get(preview_url)
    _, payload = _preview_payload(admin_client, response)
    assert payload["title"] == "A notification being written"
    assert payload["meetings"][0]["identifier"] == "COP-16" and payload["meetings"][0]["resolved"]
    # Structural pages preview as the search page, not as a missing template.
    section = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[parent.pk]))
    assert section.status_code == 302 and section["Location"].startswith("/?lang=en")


def test_each_refresh_reuses_the_editors_token_and_old_tokens_expire(admin_client, make_notification):
    page = make_notification("2024-903")
    page.save_revision()
    url = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    first = admin_client.get(url)["Location"]
    assert admin_client.get(url)["Location"] == first
    assert PreviewDraft.objects.count() == 1
    PreviewDraft.objects.update(updated_at=timezone.now() - dt.timedelta(days=2))
    token = re.search(r"preview=([\w-]+)", first).group(1)
    gone = admin_client.get(f"/api/preview/{token}/")
    assert gone.status_code == 404 and gone["Content-Type"] == "application/problem+json; charset=utf-8"


def test_a_preview_that_cannot_be_built_is_a_plain_message(admin_client, make_notification, monkeypatch):
    page = make_notification("2024-904")
    page.save_revision()

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr("cms.core.models.records.store_draft", broken)
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    body = response.content.decode()
    assert "Preview unavailable" in body
    assert "/srv/secret" not in body and "Traceback" not in body


def _form(page, data):
    form_class = page.get_edit_handler().get_form_class()
    base = {"title": page.title, "slug": page.slug, "identifier": page.identifier, "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0", "files-MIN_NUM_FORMS": "0", "files-MAX_NUM_FORMS": "1000"}
    return form_class({**base, **data}, instance=page, parent_page=page.get_parent(), for_user=None)


def test_reference_fields_accept_published_records_only(site, meeting, make_notification):
    other = make_notification("2024-905")
    page = make_notification("2024-906")
    assert issubclass(page.get_edit_handler().get_form_class(), RecordPageForm)

    good = _form(page, {"meetings": "cop-16", "related": "2024-905"})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["meetings"] == ["COP-16"]  # the record's own spelling
    assert good.cleaned_data["related"] == [other.identifier]

    bad = _form(page, {"meetings": "COP-99", "related": "2024-905, NOT-A-RECORD"})
    assert not bad.is_valid()
    assert "COP-99" in str(bad.errors["meetings"])
    assert "NOT-A-RECORD" in str(bad.errors["related"])
    # A notification is not a meeting.
    wrong_kind = _form(page, {"meetings": "2024-905"})
    assert not wrong_kind.is_valid() and "published meeting" in str(wrong_kind.errors["meetings"])


def test_references_already_stored_stay_valid_when_the_hub_lacks_their_record(site, make_notification):
    page = make_notification("2024-907", meetings=["COP-15"])  # migrated: COP-15 is not in the hub
    form = _form(page, {"meetings": "COP-15"})
    assert form.is_valid(), form.errors


def test_autocomplete_suggests_published_records_of_the_kind(admin_client, meeting, make_notification):
    make_notification("2024-908", title="Conference notice")
    url = reverse("cms_record_autocomplete")
    found = admin_client.get(url, {"term": "cop", "kind": "meeting"}).json()
    assert found == [{"label": "COP-16 — Sixteenth meeting of the Conference of the Parties", "value": "COP-16"}]
    by_title = admin_client.get(url, {"term": "conference"}).json()
    assert {item["value"] for item in by_title} == {"COP-16", "2024-908"}


def test_notifications_listing_sorts_by_symbol_and_filters_by_year(admin_client, make_notification):
    make_notification("2023-011", title="Older call", date=dt.date(2023, 2, 1))
    make_notification("2024-012", title="Newer call", date=dt.date(2024, 2, 1))
    url = reverse("notifications:index")
    page = admin_client.get(url, {"ordering": "identifier", "locale": "en"}).content.decode()
    assert "Symbol" in page and "Deadline" in page
    assert page.index("2023-011") < page.index("2024-012")
    newest_first = admin_client.get(url, {"ordering": "-identifier", "locale": "en"}).content.decode()
    assert newest_first.index("2024-012") < newest_first.index("2023-011")
    filtered = admin_client.get(url, {"year": "2023", "locale": "en"}).content.decode()
    assert "2023-011" in filtered and "2024-012" not in filtered


def test_dashboard_shows_panels_editors_act_on(admin_client, make_notification, make_term):
    make_term("GBF-TARGET-03", "Target 3")
    make_notification("2024-920", title="Untagged call", gbf_targets=[])
    make_notification("2024-921", title="Tagged call", gbf_targets=["GBF-TARGET-03"])
    make_notification("2024-922", title="Due soon", deadline=timezone.localdate() + dt.timedelta(days=3),
                      gbf_targets=["GBF-TARGET-03"])
    make_notification("2024-923", title="Due later", deadline=timezone.localdate() + dt.timedelta(days=30))
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    def panel(panel_id):
        match = re.search(rf'id="{panel_id}-content"(.*?)</section>', html, re.S)
        assert match, f"no panel {panel_id}"
        return match.group(1)

    untagged = panel("records-without-targets")
    assert "2024-920" in untagged and "2024-923" in untagged and "2024-921" not in untagged
    due = panel("deadlines-this-week")
    assert "2024-922" in due and "2024-923" not in due
    untranslated = panel("untranslated-records")
    assert "2024-920" in untranslated and "fr, es, ar, ru, zh" in untranslated


def test_dashboard_shows_index_drift_and_the_last_imports_errors(admin_client, site):
    from django.core.management import call_command

    from indexing.models import DriftCheck
    from migration.models import MigrationRecordState, MigrationRun

    run = MigrationRun.objects.create(sources=["notifications.json"])
    MigrationRecordState.objects.create(run=run, key="notifications.json#7", kind="notification",
                                        identifier="2019-999", outcome="failed", reason="date '31/02/2019' is invalid")
    MigrationRecordState.objects.create(run=run, key="notifications.json#8", kind="notification",
                                        identifier="2019-100", outcome="created")
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "No drift check has run yet" in html
    assert "2019-999" in html and "date &#x27;31/02/2019&#x27; is invalid" in html and "1 failed" in html

    call_command("search_drift")
    assert DriftCheck.objects.filter(sink="lexical").exists()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(r"lexical.*?0 missing, 0 stale, 0 orphaned", html, re.S)
