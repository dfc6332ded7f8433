"""Getting around: Back after a reference jump, paragraph jumps, the example hints in six languages, the entry
points before any query, and names (never codes) for facet values."""

import json
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from .axe import serious_violations


def test_back_after_a_reference_jump_restores_the_filtered_results(page, shot):
    page.goto("/?lang=en&type=notification")
    expect(page.locator(".hit").first).to_be_visible()
    box = page.locator("#q")
    box.fill("2024-070")
    box.press("Enter")  # before the type-ahead's pause: the jump must still record the search
    expect(page).to_have_url(re.compile(r"record\.html\?id=2024-070"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=2024-070"))
    expect(page).to_have_url(re.compile(r"type=notification"))
    expect(page.locator("#q")).to_have_value("2024-070")
    expect(page.get_by_role("checkbox", name=re.compile("^Notification"))).to_be_checked()
    expect(page.locator("#result-status")).to_contain_text("“2024-070”")
    for badge in page.locator(".hit .badge").all():
        expect(badge).to_have_text("Notification")
    shot("back to the filtered results")


def test_a_paragraph_reference_opens_at_the_paragraph(page, shot):
    page.goto("/?lang=en")
    page.locator("#q").fill("article 8(j)")
    go = page.locator("#reference-suggestion a")
    expect(go).to_have_attribute("href", re.compile(r"id=cbd-08.*#para-j$"))
    shot("go to article 8(j)")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"#para-j$"))
    target = page.locator("[id='para-j']")
    expect(target).to_have_class(re.compile("is-target"))
    expect(target).to_be_in_viewport()


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "ar", "zh"])
def test_every_example_in_the_hint_resolves(page, loaded_site, lang):
    page.goto(f"/?lang={lang}")
    examples = page.locator("#search-hint a.example")
    expect(examples).to_have_count(3)
    for text in examples.all_inner_texts():
        url = f"{loaded_site}/api/resolve/?{urllib.parse.urlencode({'ref': text, 'lang': lang})}"
        with urllib.request.urlopen(url) as response:  # noqa: S310 - the test server
            assert json.load(response)["identifier"], text
    examples.first.click()
    expect(page.locator("#reference-suggestion")).to_be_visible()
    expect(page.locator("#q")).to_have_value(examples.first.inner_text())


def test_search_box_follows_the_direction_of_what_is_typed(page):
    page.goto("/?lang=ar")
    expect(page.locator("#q")).to_have_attribute("dir", "auto")
    page.goto("/record.html?id=cbd-08&lang=ar")
    expect(page.locator("#header-q")).to_have_attribute("dir", "auto")


def test_topical_queries_do_not_ask_the_resolver(page):
    asked: list[str] = []
    failures: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/resolve/" in request.url else None)
    page.on("console", lambda message: failures.append(message.text) if message.type == "error" else None)
    page.goto("/?lang=en")
    page.locator("#q").fill("protected areas")
    expect(page.locator("#result-status")).to_contain_text("for “protected areas”")
    page.locator("#q").fill("decision 15/4")
    expect(page.locator("#reference-suggestion")).to_be_visible()
    assert [urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["ref"] for u in asked] == [["decision 15/4"]]
    assert failures == []


def test_the_empty_page_offers_entry_points(page, shot):
    page.goto("/?lang=en")
    results = page.locator("#results")
    expect(results.get_by_role("heading", name="Latest notifications")).to_be_visible()
    expect(results.locator("section[aria-labelledby=landing-notifications] li")).to_have_count(5)
    expect(results.get_by_role("heading", name=re.compile("(Upcoming|Recent) meetings"))).to_be_visible()
    expect(results.locator("section[aria-labelledby=landing-meetings] li").first).to_be_visible()
    expect(results.get_by_role("heading", name="Open deadlines")).to_be_visible()
    targets = results.locator(".target-grid li")
    expect(targets).to_have_count(23)
    expect(targets.nth(2)).to_contain_text("Target 3")
    shot("entry points")
    assert serious_violations(page) == []
    targets.nth(2).get_by_role("link").click()
    expect(page.locator(".record--gbf-target")).to_be_visible()


def test_facet_values_are_names_in_the_interface_language(page, shot):
    page.goto("/?lang=fr&q=biodiversity")
    subjects = page.locator("fieldset.facet", has=page.locator("legend", has_text="Thème"))
    expect(subjects.locator(".facet-value").first).to_be_visible()
    names = subjects.locator(".facet-value").all_inner_texts()
    assert "Cadre mondial de la biodiversité de Kunming-Montréal" in names
    assert not [n for n in names if re.fullmatch(r"[A-Z0-9 -]{2,}|Kmgbf|Sbstta|CBD-SUBJECT-.*", n)], names
    meetings = page.locator("fieldset.facet", has=page.locator("legend", has_text="Réunion"))
    expect(meetings.locator(".facet-name").first).to_be_visible()  # a code such as COP-16 comes with its title
    statuses = page.locator("fieldset.facet", has=page.locator("legend", has_text="Statut"))
    expect(statuses).to_contain_text("Confirmé")
    shot("french facet names")
