"""An editor in real Chromium: the preview shows the draft through the front end (axe-clean), linked records are
chosen from published ones, notifications sort by symbol and filter by year, and the searches readers made that
found nothing reach the dashboard."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from cms.records.models import MeetingPage, NotificationPage
from search.query_log import query_log
from tests.browser.axe import serious_violations

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server):
    User.objects.create_superuser("chief", "chief@example.org", "chief-password-1")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "chief-password-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def _meeting(site, code="COP-16", title="Sixteenth meeting of the Conference of the Parties"):
    meeting = MeetingPage(title=title, slug=code.lower(), identifier=code, date=dt.date(2024, 10, 21))
    site["meetings"].add_child(instance=meeting)
    meeting.save_revision().publish()
    return meeting


def test_preview_shows_the_draft_through_the_front_end(live_server, site, browser_page, make_notification):
    record = make_notification("2024-950", title="Published title", summary="The published summary.")
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{record.pk}/edit/")
    page.fill("#id_title", "Draft title seen only in the preview")
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_contain_text("Draft title seen only in the preview", timeout=20_000)
    expect(preview.locator(".notice--preview")).to_be_visible()
    expect(preview.locator("body")).not_to_contain_text("TemplateDoesNotExist")
    page.screenshot(path=str(SCREENSHOTS / "preview-panel.png"))
    # axe-core on the same preview document, in a tab of its own (the panel swaps its iframe on each refresh).
    preview_url = next(f.url for f in page.frames if "record.html" in f.url and "preview=" in f.url)
    tab = page.context.browser.new_page()  # the token is the only credential the preview needs
    tab.goto(preview_url)
    expect(tab.locator("h1")).to_contain_text("Draft title seen only in the preview")
    assert serious_violations(tab) == []
    tab.set_viewport_size({"width": 390, "height": 844})  # the phone layout too
    assert serious_violations(tab) == []
    tab.close()
    assert errors == []
    # Nothing was published by previewing.
    assert NotificationPage.objects.get(pk=record.pk).title == "Published title"


def test_linked_meetings_are_chosen_from_published_records(live_server, site, browser_page, make_notification):
    _meeting(site)
    record = make_notification("2024-951", title="Call for views on the outcomes of COP-16")
    page = browser_page
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{record.pk}/edit/")
    box = page.locator("[data-contentpath='meetings'] li.tagit-new input")
    box.press_sequentially("cop-1", delay=60)
    suggestion = page.locator("ul.ui-autocomplete li", has_text="Sixteenth meeting of the Conference")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("[data-contentpath='meetings'] .tagit-choice")).to_have_text(re.compile("COP-16"))
    # A code no published meeting has is refused with a message, and nothing is saved.
    box.press_sequentially("COP-99", delay=30)
    box.press("Enter")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("[data-contentpath='meetings']")).to_contain_text("No published meeting has the identifier "
                                                                          "COP-99")
    page.screenshot(path=str(SCREENSHOTS / "meeting-refused.png"), full_page=True)
    page.locator("[data-contentpath='meetings'] .tagit-choice", has_text="COP-99").locator(".tagit-close").click()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    assert NotificationPage.objects.get(pk=record.pk).get_latest_revision_as_object().meetings == ["COP-16"]


def test_notifications_listing_sorts_by_symbol_and_filters_by_year(live_server, site, browser_page,
                                                                  make_notification):
    for identifier, year in (("2023-011", 2023), ("2024-012", 2024), ("2022-005", 2022)):
        make_notification(identifier, title=f"Notification {identifier}", date=dt.date(year, 2, 1))
    page = browser_page
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/notifications/?locale=en")
    symbols = page.locator("table.listing tbody td.symbol")
    expect(symbols).to_have_text(["2024-012", "2023-011", "2022-005"])  # newest first
    page.get_by_role("link", name="Symbol").first.click()
    expect(symbols).to_have_text(["2022-005", "2023-011", "2024-012"])
    page.screenshot(path=str(SCREENSHOTS / "notifications-listing.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/notifications/?locale=en&year=2023")
    expect(symbols).to_have_text(["2023-011"])


def test_searches_that_found_nothing_reach_the_editors(live_server, site, browser_page, make_notification, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600  # written below, by the test, not by the timer thread
    query_log.flush()
    make_notification("2024-952", title="Invasive alien species: call for submissions")
    page = browser_page
    page.goto(f"{live_server.url}/?q=quokka+habitat&lang=en")
    expect(page.locator(".empty-state")).to_be_visible()
    page.goto(f"{live_server.url}/?q=invasive+species&lang=en")
    expect(page.locator(".hit").first).to_be_visible()
    assert query_log.flush() >= 2
    _log_in(page, live_server)
    panel = page.locator("#searches-without-results-content")
    expect(panel).to_contain_text("quokka habitat")
    expect(panel).not_to_contain_text("invasive species")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-panels.png"), full_page=True)
    page.get_by_role("link", name="All searches with no results").click()
    expect(page.locator("table.listing")).to_contain_text("quokka habitat")
