"""Open and linked, as a reader sees it: decision 16/32's tracking page (the hub holds no text of it, the Secretariat's
activities cite it fifteen times), "Cite this record" (download and copy, in each format offered) and the search
page's feed and download links, on a desktop and on a phone."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import serious_violations

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(open_tab):
    with open_tab(viewport=PHONE, phone=True) as tab:
        yield tab


def no_sideways_scroll(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_decision_16_32_tracking_lists_what_cites_it_per_paragraph(page, shot):
    page.goto("/tracking.html?symbol=16/32&lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision 16/32")
    expect(page).to_have_title(re.compile("Decision 16/32"))
    tracking = page.locator("article.record--tracking")
    # Not in the hub: said so, with the official page to read it.
    expect(tracking.get_by_role("note")).to_contain_text("does not hold the text of this decision")
    expect(tracking.get_by_role("link", name="official source")).to_have_attribute(
        "href", "https://www.cbd.int/decisions/cop/16/32")
    facts = tracking.locator("dl.facts")
    expect(facts).to_contain_text("Conference of the Parties")
    expect(facts).to_contain_text("CBD/COP/16/32")
    # The Secretariat's activities, under the paragraph each one cites.
    paragraphs = tracking.locator("section.tracking-paragraph")
    expect(paragraphs.locator("h3")).to_have_text([re.compile(rf"^Paragraph {n}\b.*CBD/COP/16/32/{n}$")
                                                   for n in (21, 23, 24, 25)])
    expect(paragraphs.locator("li")).to_have_count(15)
    paragraph_24 = paragraphs.filter(has=page.locator("h3", has_text="Paragraph 24"))
    expect(paragraph_24.locator("li")).to_have_count(12)
    first = paragraphs.first.locator("li").first
    expect(first).to_contain_text("ACT-2025-09")
    expect(first.locator(".badge--status")).to_have_text("Completed")
    # The notifications and meetings that carry those activities out, each saying through which.
    notifications = tracking.locator("section", has=page.get_by_role("heading", name="Notifications"))
    expect(notifications.locator("li")).to_have_count(8)
    notice = notifications.locator("li", has_text="2025-093")
    expect(notice).to_contain_text("through ACT-2025-54")
    meetings = tracking.locator("section", has=page.get_by_role("heading", name="Meetings"))
    expect(meetings.locator("li", has_text="COP-16")).to_contain_text("(adopted the decision)")
    shot("decision 16/32 tracking")
    assert serious_violations(page) == []
    # Every cited record is one click away.
    notice.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"record\.html\?id=2025-093"))
    expect(page.locator(".record-kicker")).to_contain_text("2025-093")


def test_a_cp_mop_and_an_np_mop_decision_have_tracking_pages(page):
    for spelling, symbol, body in (("CP-11/8", "CBD/CP/MOP/DEC/11/8", "Cartagena"),
                                   ("NP-4/3", "CBD/NP/MOP/DEC/4/3", "Nagoya")):
        page.goto(f"/tracking.html?symbol={spelling}&lang=en")
        expect(page.locator("nav.breadcrumb [aria-current=page]")).to_have_text(symbol)
        expect(page.locator("dl.facts")).to_contain_text(body)
        expect(page.locator("section.tracking-paragraph li").first).to_be_visible()


def test_a_decision_known_only_from_citations_is_found_from_the_search_box(page, shot):
    page.goto("/?lang=en")
    page.get_by_role("searchbox", name=re.compile("Search decisions")).fill("16/32")
    suggestion = page.locator("#reference-suggestion a.suggestion-link")
    expect(suggestion).to_contain_text("CBD/COP/DEC/16/32")
    shot("16/32 suggested")
    suggestion.click()
    expect(page).to_have_url(re.compile(r"tracking\.html\?symbol="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision 16/32")


def test_unknown_and_missing_symbols_say_so(page):
    page.goto("/tracking.html?symbol=CBD/COP/DEC/9/30&lang=en")
    expect(page.get_by_role("alert")).to_have_text("Nothing in the hub holds or cites this decision.")
    page.goto("/tracking.html?lang=en")
    expect(page.get_by_role("alert")).to_contain_text("Give a decision symbol")


def test_tracking_page_reads_on_a_phone(phone):
    phone.goto("/tracking.html?symbol=16/32&lang=en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Decision 16/32")
    expect(phone.locator("section.tracking-paragraph li")).to_have_count(15)
    assert no_sideways_scroll(phone)


def cite_section(tab):
    return tab.locator("section.record-linked")


def test_cite_this_record_downloads_each_format(page, shot):
    page.goto("/record.html?id=2024-070&lang=en")
    cite = cite_section(page)
    expect(cite.get_by_role("heading", name="Cite this record")).to_be_visible()
    expect(cite.locator(".cite-links a")).to_have_text(["CSL-JSON", "RIS", "BibTeX"])
    shot("cite this record")
    assert serious_violations(page) == []
    files = {}
    for name in ("CSL-JSON", "RIS", "BibTeX"):
        with page.expect_download() as download:
            cite.get_by_role("link", name=f"Download the {name} citation").click()
        files[name] = (download.value.suggested_filename, Path(download.value.path()).read_text(encoding="utf-8"))
    assert [f[0] for f in files.values()] == ["cbd_2024_070.json", "cbd_2024_070.ris", "cbd_2024_070.bib"]
    [item] = json.loads(files["CSL-JSON"][1])  # CSL-JSON is a list of items
    assert (item["title"], item["number"]) == ("Clearing-House Mechanism Awards 2024", "2024-070")
    assert files["RIS"][1].startswith("TY  - ") and "TI  - Clearing-House Mechanism Awards 2024" in files["RIS"][1]
    assert files["BibTeX"][1].startswith("@misc{cbd_2024_070,")
    # The same persistent URI the page shows is in every citation.
    uri = cite.locator("dl.record-identifiers code").first.inner_text()
    assert uri.endswith("/id/2024-070")
    assert all(uri in text for _, text in files.values())


def test_cite_this_record_copies_each_format(page):
    page.goto("/record.html?id=2024-070&lang=en")
    cite = cite_section(page)
    expected = {"CSL-JSON": '"number": "2024-070"', "RIS": "M1  - 2024-070", "BibTeX": "@misc{cbd_2024_070,"}
    for name, fragment in expected.items():
        cite.get_by_role("button", name=f"Copy the {name} citation").click()
        expect(page.locator("#announcer")).to_have_text(f"The {name} citation is on the clipboard")
        assert fragment in page.evaluate("navigator.clipboard.readText()")
    # The page carries the record as schema.org JSON-LD, for reference managers and search engines.
    data = json.loads(page.locator("script#record-jsonld").text_content())
    assert data["@type"] == "CreativeWork" and data["@id"].endswith("/id/2024-070")


def test_cite_in_french_and_on_a_phone(phone):
    phone.goto("/record.html?id=2024-070&lang=fr")
    cite = cite_section(phone)
    expect(cite.get_by_role("heading", level=2)).to_be_visible()
    expect(cite.get_by_role("button", name="Copier la citation BibTeX")).to_have_text("Copier")
    expect(cite.get_by_role("link", name="Télécharger la citation RIS")).to_be_visible()
    cite.scroll_into_view_if_needed()
    assert no_sideways_scroll(phone)


def test_a_decision_record_links_to_its_tracking_page(page):
    page.goto("/record.html?id=CBD%2FCOP%2FDEC%2F15%2F4&lang=en")
    cite_section(page).get_by_role("link", name="Track this decision").click()
    expect(page).to_have_url(re.compile(r"tracking\.html\?symbol=CBD%2FCOP%2FDEC%2F15%2F4"))
    expect(page.locator("nav.breadcrumb [aria-current=page]")).to_have_text("CBD/COP/DEC/15/4")
    expect(page.get_by_role("link", name="Read the decision")).to_be_visible()


def test_search_results_offer_their_feed_and_downloads(page, shot):
    page.goto("/?q=invasive+species&lang=en")
    status = page.locator("#result-status")
    expect(status).to_contain_text("for “invasive species”")
    total = int(re.search(r"[\d,]+", status.inner_text()).group().replace(",", ""))
    tools = page.locator("#result-tools")
    feed = tools.get_by_role("link", name="Subscribe (Atom feed)")
    expect(feed).to_have_attribute("href", re.compile(r"/feeds/search/\?.*q=invasive\+species"))
    # Feed readers find it in the page head too.
    head_feed = page.locator("head link[rel=alternate][type='application/atom+xml']")
    assert head_feed.get_attribute("href") == feed.get_attribute("href")
    shot("feed and downloads")
    atom = page.request.get(feed.get_attribute("href"))
    assert atom.ok and atom.headers["content-type"].startswith("application/atom+xml")
    assert "<feed" in atom.text() and atom.text().count("<entry>") >= 1
    first_hit = page.locator(".hit").first.locator(".symbol").first.inner_text()
    with page.expect_download() as download:
        tools.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert download.value.suggested_filename.endswith(".csv")
    # Every matching record, not the page shown. (At least the total: the total counts record-level matches, and a
    # record found only through one of its passages, an Aichi target's country activity, is exported too.)
    assert len(rows) >= total > 10
    assert first_hit in {row["identifier"] for row in rows}
    with page.expect_download() as download:
        tools.get_by_role("link", name="JSON").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    records = exported["results"] if isinstance(exported, dict) else exported
    assert len(records) == len(rows)


def test_a_filter_carries_into_the_feed_and_downloads(page):
    page.goto("/?q=biodiversity&type=notification&lang=en")
    expect(page.locator("#result-status")).to_contain_text("for “biodiversity”")
    tools = page.locator("#result-tools")
    for name in ("Subscribe (Atom feed)", "CSV", "JSON"):
        expect(tools.get_by_role("link", name=name)).to_have_attribute("href", re.compile(r"type=notification"))


def test_search_downloads_on_a_phone(phone):
    phone.goto("/?q=invasive+species&lang=en")
    expect(phone.locator("#result-status")).to_contain_text("for “invasive species”")
    tools = phone.locator("#result-tools")
    expect(tools.get_by_role("link", name="CSV")).to_be_visible()
    box = tools.get_by_role("link", name="CSV").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert no_sideways_scroll(phone)


def test_a_gbf_target_page_offers_its_feed(page):
    page.goto("/record.html?id=GBF-TARGET-03&lang=en")
    feed = cite_section(page).get_by_role("link", name="Subscribe (Atom feed)")
    expect(feed).to_have_attribute("href", re.compile(r"/feeds/gbf-targets/GBF-TARGET-03/$"))
    atom = page.request.get(feed.get_attribute("href"))
    assert atom.ok and "<feed" in atom.text()
