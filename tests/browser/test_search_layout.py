"""Folded facets, keyboard paths to the results, and phones at 390 and 320 CSS px (WCAG 1.4.10 Reflow)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import serious_violations

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONES = {"390": {"width": 390, "height": 844}, "320": {"width": 320, "height": 568}}


@pytest.fixture
def phone(open_tab, request):
    """A tab with a phone's viewport (the size given by the test's parameter), touch and a mobile user agent."""
    with open_tab(viewport=PHONES[request.param], phone=True) as tab:
        yield tab


def test_show_more_really_hides_and_reveals_facet_values(page, shot):
    page.goto("/?q=biodiversity&lang=en")
    subjects = page.locator("fieldset.facet", has=page.locator("legend", has_text="Subject"))
    items = subjects.locator("li")
    expect(items.first).to_be_visible()
    assert items.count() > 6
    expect(items.nth(6)).to_be_hidden()
    assert subjects.locator("li:visible").count() == 6
    shot("six subjects shown")
    more = subjects.get_by_role("button", name=re.compile(r"Show \d+ more"))
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(items.nth(6)).to_be_visible()
    assert subjects.locator("li:visible").count() == items.count()
    shot("all subjects")
    subjects.get_by_role("button", name="Show fewer").click()
    expect(items.nth(6)).to_be_hidden()


def _tab_until(page, predicate: str, limit: int) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return presses
    raise AssertionError(f"not reached within {limit} Tab presses")


def test_keyboard_users_reach_the_first_result_quickly(page, shot):
    page.goto("/?q=protected+areas&lang=en")
    first = page.locator(".hit a").first
    expect(first).to_be_visible()
    # Labels and facets arrive after the first results and re-render the sidebar; a re-render while tabbing drops
    # focus back to the top of the page, so start once the page has settled.
    page.wait_for_load_state("networkidle")
    page.locator("#q").focus()
    # Folded facets are out of the Tab order: the whole sidebar is a few dozen stops, not 62-139.
    presses = _tab_until(page, "document.activeElement.matches('.hit a')", 60)
    assert presses <= 60
    # The skip link right after the search form takes them there in a handful.
    page.locator("#q").focus()
    _tab_until(page, "document.activeElement.classList.contains('skip-inline')", 6)
    shot("skip to results link")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()


@pytest.mark.parametrize("phone", ["390", "320"], indirect=True)
def test_phone_layout_reflows_with_results_first(phone):
    phone.goto("/?q=protected+areas&lang=en")
    first = phone.locator(".hit").first
    expect(first).to_be_visible()
    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    button = phone.get_by_role("button", name="Search", exact=True).bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= width, "the Search button is clipped"
    # The first result starts within the first screen; the filters wait behind a button.
    assert first.bounding_box()["y"] < phone.viewport_size["height"] - 40
    expect(phone.locator("aside.facets")).to_be_hidden()
    expect(phone.get_by_role("button", name="Filters")).to_be_visible()
    phone.screenshot(path=str(SCREENSHOTS / f"phone-{width}-results.png"))
    assert serious_violations(phone) == []


@pytest.mark.parametrize("phone", ["390"], indirect=True)
def test_phone_filters_drawer(phone):
    phone.goto("/?q=biodiversity&lang=en")
    expect(phone.locator(".hit").first).to_be_visible()
    phone.get_by_role("button", name="Filters").click()
    dialog = phone.get_by_role("dialog", name="Filter results")
    expect(dialog).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    dialog.get_by_role("checkbox", name=re.compile("^Notification")).check()
    done = dialog.get_by_role("button", name=re.compile(r"Show \d+ results?"))
    expect(done).to_be_visible()
    assert serious_violations(phone) == []
    phone.screenshot(path=str(SCREENSHOTS / "phone-390-filters.png"))
    done.click()
    expect(dialog).to_be_hidden()
    expect(phone.locator("#results-heading")).to_be_focused()
    expect(phone.get_by_role("button", name="Filters (1)")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"type=notification"))
    for badge in phone.locator(".hit .badge").all():
        expect(badge).to_have_text("Notification")
    # The filter in force shows above the results and can be removed there.
    phone.get_by_role("button", name=re.compile("Remove filter Type: Notification")).click()
    expect(phone.get_by_role("button", name="Filters", exact=True)).to_be_visible()


def test_subjects_are_offered_as_topics_not_as_results(page):
    page.goto("/?q=protected+areas&lang=en")
    expect(page.locator(".hit").first).to_be_visible()
    topic = page.locator("#topics a.chip").first
    expect(topic).to_have_text(re.compile("protected areas", re.IGNORECASE))
    assert "CBD-SUBJECT-" in topic.get_attribute("href")
    # The results are the records themselves: no subject page among them.
    assert not [h for h in page.locator(".hit a").evaluate_all("els => els.map(e => e.href)") if "CBD-SUBJECT-" in h]
