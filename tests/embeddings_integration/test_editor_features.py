"""Editors: similar records and suggested GBF targets they accept or reject in the Wagtail admin."""

from __future__ import annotations

import pytest


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def invasive_notice(make_notification, gbf_targets):
    return make_notification(
        "2024-301", title="Call for submissions on invasive alien species management",
        summary="Parties are invited to share experience in preventing the introduction and establishment of "
                "invasive alien species and in eradicating or controlling them on islands.")


def _url(page, suffix=""):
    return f"/admin/records/{page.pk}/suggestions/{suffix}"


def test_similar_records_api_lists_related_records_not_itself(client, make_notification):
    page = make_notification("2024-302", title="Invasive alien species on islands: eradication guidance")
    make_notification("2024-303", title="Controlling invasive alien species on small islands")
    make_notification("2024-304", title="Budget of the trust fund for the biennium")
    body = client.get("/api/records/2024-302/similar/").json()
    ids = [r["identifier"] for r in body["results"]]
    assert ids[0] == "2024-303" and "2024-302" not in ids
    assert client.get("/api/records/2099-999/similar/").status_code == 404
    assert page.identifier == body["identifier"]


def test_suggestions_show_the_matching_target_and_remember_a_rejection(editor_client, invasive_notice):
    response = editor_client.get(_url(invasive_notice))
    assert response.status_code == 200
    suggested = [s.target for s in response.context["suggestions"]]
    assert "GBF-TARGET-06" in suggested  # Target 6: invasive alien species
    reply = editor_client.post(_url(invasive_notice, "decide/"), {"target": "GBF-TARGET-06", "decision": "rejected"})
    assert reply.status_code == 302
    again = [s.target for s in editor_client.get(_url(invasive_notice)).context["suggestions"]]
    assert "GBF-TARGET-06" not in again


def test_accepting_adds_the_target_to_a_draft_not_the_public_record(editor_client, invasive_notice):
    editor_client.post(_url(invasive_notice, "decide/"), {"target": "GBF-TARGET-06", "decision": "accepted"})
    invasive_notice.refresh_from_db()
    assert "GBF-TARGET-06" not in (invasive_notice.gbf_targets or [])  # live version unchanged until published
    draft = invasive_notice.get_latest_revision_as_object()
    assert "GBF-TARGET-06" in draft.gbf_targets
    assert invasive_notice.has_unpublished_changes
    suggested = [s.target for s in editor_client.get(_url(invasive_notice)).context["suggestions"]]
    assert "GBF-TARGET-06" not in suggested


def test_decisions_need_a_logged_in_editor_and_a_post(client, editor_client, invasive_notice, django_user_model):
    assert editor_client.get(_url(invasive_notice, "decide/")).status_code == 405
    client.logout()
    anonymous = client.post(_url(invasive_notice, "decide/"), {"target": "GBF-TARGET-06", "decision": "accepted"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    invasive_notice.refresh_from_db()
    assert "GBF-TARGET-06" not in invasive_notice.get_latest_revision_as_object().gbf_targets


def test_edit_view_links_to_the_suggestions(editor_client, invasive_notice):
    html = editor_client.get(f"/admin/pages/{invasive_notice.pk}/edit/").content.decode()
    assert _url(invasive_notice) in html
