"""Search page: typing searches, facets filter, the URL keeps the state, references jump to their record."""

import re

from playwright.sync_api import expect

from .axe import serious_violations


def test_typing_searches_and_highlights(page, shot):
    page.goto("/")
    box = page.get_by_role("searchbox", name=re.compile("Search decisions"))
    box.fill("protected areas")
    status = page.locator("#result-status")
    expect(status).to_contain_text(re.compile(r"\d+ results? for “protected areas”"))
    first = page.locator(".hit").first
    expect(first.locator("mark").first).to_be_visible()
    expect(first.locator(".badge")).to_be_visible()
    # Search-as-you-type writes the query into the address bar: the page can be shared as it is.
    expect(page).to_have_url(re.compile(r"[?&]q=protected\+areas"))
    shot("results for protected areas")


def test_facet_filter_and_back_button(page, shot):
    page.goto("/?q=biodiversity")
    status = page.locator("#result-status")
    expect(status).to_contain_text("for “biodiversity”")
    before = int(re.search(r"\d+", status.inner_text().replace(",", "")).group())
    shot("unfiltered")
    type_facet = page.locator("fieldset.facet", has=page.locator("legend", has_text="Type"))
    # Decisions are few: the value is folded behind "Show N more".
    type_facet.get_by_role("button", name=re.compile(r"Show \d+ more")).click()
    decision = type_facet.get_by_role("checkbox", name=re.compile("Decision"))
    decision.check()
    expect(page).to_have_url(re.compile(r"type=decision"))
    expect(page.locator(".hit .badge").first).to_have_text("Decision")
    for badge in page.locator(".hit .badge").all():
        expect(badge).to_have_text("Decision")
    after = int(re.search(r"\d+", status.inner_text().replace(",", "")).group())
    assert after < before
    shot("filtered to decisions")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"type=decision"))
    expect(type_facet.get_by_role("checkbox", name=re.compile("Decision"))).not_to_be_checked()
    shot("back to unfiltered")


def test_sort_and_keyboard_shortcut(page, shot):
    page.goto("/?q=notification")
    expect(page.locator("#result-status")).to_contain_text("result")
    page.get_by_label("Sort by").select_option("date_desc")
    expect(page).to_have_url(re.compile(r"sort=date_desc"))
    # The URL changes before the re-sorted results are painted: wait for the new list, then check it.
    page.wait_for_function("""() => {
        const d = [...document.querySelectorAll('.hit time')].map(t => t.getAttribute('datetime'));
        return d.length > 1 && d.every((x, i) => i === 0 || d[i - 1] >= x);
    }""")
    dates = [d.get_attribute("datetime") for d in page.locator(".hit time").all()]
    assert dates == sorted(dates, reverse=True)
    page.locator("body").click()
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()
    shot("sorted newest first")


def test_reference_jumps_to_record(page, shot):
    page.goto("/")
    page.locator("#q").fill("decision 15/4")
    suggestion = page.locator("#reference-suggestion")
    expect(suggestion).to_contain_text("Go to")
    expect(suggestion).to_contain_text("CBD/COP/DEC/15/4")
    shot("go-to suggestion")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"record\.html\?id=CBD%2FCOP%2FDEC%2F15%2F4"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunming-Montreal Global Biodiversity Framework")
    shot("decision record")


def test_empty_state(page, shot):
    page.goto("/?q=zzqxv+nonexistentterm")
    expect(page.locator(".empty-state")).to_contain_text("Nothing matches")
    expect(page.locator("#result-status")).to_have_text(re.compile("0 results"))
    shot("empty state")


def test_search_page_accessibility(page, shot):
    page.goto("/?q=protected")
    expect(page.locator(".hit").first).to_be_visible()
    for landmark in ("banner", "main", "search", "contentinfo"):
        expect(page.get_by_role(landmark).first).to_be_attached()
    shot("axe search page")
    assert serious_violations(page) == []


def test_error_state_when_api_is_unreachable(page, shot):
    # The network refuses the search call (as when the API is down); nothing answers in its place.
    page.route("**/api/search/**", lambda route: route.abort("connectionrefused"))
    page.goto("/?q=biodiversity")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("not responding")
    shot("api down")
    page.unroute("**/api/search/**")
    alert.get_by_role("button", name="Try again").click()
    expect(page.locator(".hit").first).to_be_visible()
    shot("recovered")
