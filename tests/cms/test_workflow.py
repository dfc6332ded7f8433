"""Editorial workflow: editors draft and submit, reviewers approve and publish; the public never sees drafts."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Page

from cms.core.roles import EDITORS, REVIEWERS
from cms.records.models import NotificationPage

pytestmark = pytest.mark.django_db


def _user(name: str, group: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.org", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(site):
    return _user("editor", EDITORS)


@pytest.fixture
def reviewer(site):
    return _user("reviewer", REVIEWERS)


def _draft(site, identifier="2024-300"):
    page = NotificationPage(title="Draft notification", slug=identifier, identifier=identifier, live=False)
    site["notifications"].add_child(instance=page)
    page.save_revision()
    return page


def test_editor_can_edit_but_not_publish(site, editor):
    page = _draft(site)
    perms = page.permissions_for_user(editor)
    assert perms.can_edit()
    assert not perms.can_publish()


def test_editor_publish_through_the_admin_does_not_go_live(client, site, editor):
    page = _draft(site)
    client.force_login(editor)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        {"title": "Edited", "slug": page.slug, "identifier": page.identifier, "action-publish": "publish"},
    )
    page.refresh_from_db()
    assert not page.live
    assert client.get("/api/records/2024-300/").status_code == 404


def test_submit_for_moderation_then_reviewer_approves(site, editor, reviewer):
    page = _draft(site)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "CBD moderation"
    state = workflow.start(page, editor)
    assert state.status == "in_progress"
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(page, reviewer)
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.get_latest_revision().approved_go_live_at is None


def test_reviewer_can_publish_directly(site, reviewer):
    page = _draft(site, "2024-301")
    assert page.permissions_for_user(reviewer).can_publish()


def test_revisions_keep_history(site):
    page = _draft(site, "2024-302")
    page.title = "Second version"
    page.save_revision().publish()
    assert page.revisions.count() == 2
    assert Page.objects.get(pk=page.pk).title == "Second version"


def test_the_reviewers_dashboard_offers_to_approve_a_submitted_page(client, site, editor, reviewer):
    """What `make prod-check` does over HTTPS: the reviewer approves from the admin's home page."""
    page = _draft(site)
    page.get_workflow().start(page, editor)
    client.force_login(reviewer)
    dashboard = client.get("/admin/").content.decode()
    assert f"/admin/pages/workflow/action/{page.pk}/approve/" in dashboard
    assert "Draft notification" in dashboard
