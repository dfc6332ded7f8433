"""Record pages: a decision's paragraphs with anchors and GBF links, a treaty article's lettered paragraphs,
a notification's files, a GBF target's tagged records — all rendered from /api/records/."""

import re

from playwright.sync_api import expect

from .axe import serious_violations

DECISION = "/record.html?id=CBD%2FCOP%2FDEC%2F15%2F4&lang=en"


def test_decision_paragraph_anchor_and_target_link(page, shot):
    page.goto(DECISION)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunming-Montreal Global Biodiversity Framework")
    paragraphs = page.locator(".para[id]")
    expect(paragraphs.first).to_be_visible()
    assert paragraphs.count() >= 3
    shot("decision")
    third = paragraphs.nth(2)
    anchor = third.get_attribute("id")
    # The paragraph number is a permalink: following it puts the anchor in the URL and highlights the paragraph.
    third.locator("a.para-label").click()
    expect(page).to_have_url(re.compile(f"#{re.escape(anchor)}$"))
    expect(third).to_have_class(re.compile("is-target"))
    expect(third).to_be_focused()
    # Copy link puts the paragraph's full URL on the clipboard and says so.
    third.get_by_role("button", name=re.compile("Copy link")).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"#{anchor}") and "record.html?id=" in copied
    expect(page.locator("#announcer")).to_contain_text("copied")
    shot("paragraph 3 targeted")
    # A deep link opens the page scrolled to that paragraph.
    page.goto(f"{DECISION}#{anchor}")
    expect(page.locator(f"[id='{anchor}']")).to_be_in_viewport()
    # The paragraph links to the GBF target it serves.
    target_link = page.locator(f"[id='{anchor}'] .para-targets a").first
    expect(target_link).to_have_text(re.compile(r"Target \d+"))
    target_link.click()
    expect(page.locator(".record--gbf-target")).to_be_visible()
    expect(page.locator(".tagged")).to_contain_text(re.compile(r"\d+ records? serves? this target"))
    shot("gbf target page")


def test_treaty_article_lettered_paragraphs(page, shot):
    page.goto("/record.html?id=cbd-08&lang=en#para-a")
    # "Article 8" (interface language) and the article's title.
    expect(page.get_by_role("heading", level=1)).to_have_text("Article 8 In-situ Conservation")
    subs = page.locator(".subpara[id]")
    assert subs.count() >= 5
    expect(subs.first.locator(".para-label")).to_contain_text("(a)")
    expect(page.locator("[id='para-a']")).to_have_class(re.compile("is-target"))
    shot("article 8 (a)")


def test_notification_files_and_dates(page, shot):
    page.goto("/record.html?id=2024-001&lang=en")
    expect(page.locator(".badge").first).to_have_text("Notification")
    facts = page.locator(".record-header dl.facts").first
    expect(facts).to_contain_text("Deadline")
    expect(facts).to_contain_text("July 3, 2024")
    files = page.locator(".files li")
    expect(files.first).to_contain_text("English")
    expect(files.first.locator("a")).to_contain_text("PDF")
    shot("notification")


def test_unknown_record(page, shot):
    page.goto("/record.html?id=NO-SUCH-RECORD&lang=en")
    expect(page.get_by_role("alert")).to_contain_text("could not be found")
    shot("not found")


def test_record_page_accessibility(page, shot):
    page.goto(DECISION)
    expect(page.locator(".para").first).to_be_visible()
    shot("axe decision page")
    assert serious_violations(page) == []
