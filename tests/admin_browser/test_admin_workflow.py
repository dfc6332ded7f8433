"""An editor, in real Chromium: log in, create a draft decision with numbered paragraphs, submit it for review."""

import pytest
from django.contrib.auth.models import Group, User

from cms.core.roles import EDITORS
from cms.records.models import DecisionPage, MeetingPage

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_editor_creates_a_draft_decision_and_submits_it(live_server, site, browser_page):
    editor = User.objects.create_user("editor", "editor@example.org", "editor-password-1")
    editor.groups.add(Group.objects.get(name=EDITORS))
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "editor-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    _shot(page, "01-dashboard")

    meeting = MeetingPage(title="Sixteenth meeting of the Conference of the Parties", slug="cop-16",
                          identifier="COP-16")
    site["meetings"].add_child(instance=meeting)
    meeting.save_revision().publish()
    parent = site["decisions"]
    page.goto(f"{live_server.url}/admin/pages/add/records/decisionpage/{parent.pk}/")
    page.fill("#id_title", "Biodiversity and climate change")
    page.fill("#id_identifier", "CBD/COP/DEC/16/22")
    page.fill("#id_session", "16")
    page.fill("#id_number", "22")
    # The meeting is chosen from the published meetings (tag input with suggestions).
    page.locator("[data-contentpath='meeting_code'] li.tagit-new input").press_sequentially("COP-16", delay=30)
    page.locator("ul.ui-autocomplete li", has_text="COP-16").click()

    # StreamField: add a numbered paragraph with two lettered sub-paragraphs.
    page.locator("[data-contentpath='body'] button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Numbered paragraph").click()
    page.fill("#body-0-value-number", "1")
    page.fill("#body-0-value-text", "Encourages Parties to integrate biodiversity and climate")
    for index, (letter, text) in enumerate([("a", "in national plans;"), ("b", "in reporting.")]):
        page.locator("[data-contentpath='subparagraphs'] button[data-streamfield-list-add]").last.click()
        page.fill(f"#body-0-value-subparagraphs-{index}-value-letter", letter)
        page.fill(f"#body-0-value-subparagraphs-{index}-value-text", text)
    _shot(page, "02-decision-form")

    # Editors have no publish button; the action menu offers the moderation workflow.
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Submit to CBD moderation").click()
    page.wait_for_load_state("networkidle")
    _shot(page, "03-submitted")

    decision = DecisionPage.objects.get(identifier="CBD/COP/DEC/16/22")
    assert not decision.live
    assert decision.get_latest_revision_as_object().meeting_code == "COP-16"
    state = decision.current_workflow_state
    assert state is not None and state.status == "in_progress"
    revision = decision.get_latest_revision_as_object()
    paragraphs = revision.search_paragraphs()
    assert paragraphs[0]["code"] == "CBD/COP/16/22/01"
    assert [s["letter"] for s in paragraphs[0]["subparagraphs"]] == ["a", "b"]
