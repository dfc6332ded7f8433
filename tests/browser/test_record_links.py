"""Record pages: files at their source in every language, references the hub lacks as plain symbols, and Arabic
pages where the interface is right-to-left Arabic and the English content keeps its own direction."""

import re

from playwright.sync_api import expect

from .axe import serious_violations


def test_notification_files_link_to_their_source_in_each_language(page, shot):
    page.goto("/record.html?id=2024-016&lang=fr")
    files = page.locator("section[aria-labelledby=section-record-files]")
    expect(files.locator(".files li")).to_have_count(2)
    expect(files.locator(".file-lang")).to_have_text(["English", "Français"])
    hrefs = [a.get_attribute("href") for a in files.locator("a.file-link").all()]
    assert hrefs == ["https://www.cbd.int/doc/notifications/2024/ntf-2024-016-nbsap-en.docx",
                     "https://www.cbd.int/doc/notifications/2024/ntf-2024-016-nbsap-fr.docx"]
    # Never the legacy path itself: on this site it redirects back to this very record.
    assert not [h for h in hrefs if h.startswith("/doc/")]
    expect(files).to_contain_text("www.cbd.int")
    shot("files at the source")


def test_a_reference_the_hub_lacks_is_its_symbol_with_the_official_link(page, shot):
    page.goto("/record.html?id=CBD%2FCOP%2FDEC%2F15%2F4&lang=en")
    meeting = page.locator("dl.facts dd", has=page.locator("text=COP-15"))
    expect(meeting).to_be_visible()
    assert meeting.locator("a[href*='record.html']").count() == 0, "links to a record that cannot be found"
    expect(meeting.get_by_role("link", name="official source")).to_have_attribute(
        "href", "https://www.cbd.int/meetings/COP-15")
    shot("COP-15 as plain text")


def test_arabic_article_page_interface_right_to_left_content_left_to_right(page, shot):
    page.goto("/record.html?id=cbd-08&lang=ar")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("المادة 8")  # "Article 8" in the interface language …
    expect(heading.locator("span[lang=en]")).to_have_text("In-situ Conservation")  # … and the title in its own
    expect(heading.locator("span[lang=en]")).to_have_attribute("dir", "ltr")
    # Interface labels are not inside the English, left-to-right content block.
    labels = page.locator("dl.facts dt")
    expect(labels.first).to_be_visible()
    assert page.evaluate("[...document.querySelectorAll('dl.facts dt')].every(dt => !dt.closest('[lang=en]'))")
    expect(page.locator(".record-content")).to_have_attribute("dir", "ltr")
    # "Also in" offers only the versions that exist: the English original, not five missing translations.
    also = page.get_by_role("navigation", name="لغات أخرى")
    expect(also.get_by_role("link")).to_have_count(1)
    expect(also.get_by_role("link")).to_have_attribute("hreflang", "en")
    page.locator("details.provenance summary").click()
    provenance = page.locator("details.provenance")
    expect(provenance.locator("dt").first).to_have_text("النظام المصدر")
    expect(provenance.get_by_role("link")).to_have_attribute(
        "href", "https://www.cbd.int/convention/articles/?a=cbd-08")
    shot("arabic article")
    assert serious_violations(page) == []


def test_arabic_dates_and_labels_follow_the_interface(page, shot):
    page.goto("/record.html?id=2024-001&lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    deadline = page.locator("dl.facts dd time").first
    expect(deadline).to_have_text(re.compile("[\u0600-\u06FF]"))  # an Arabic month name
    assert page.evaluate("!document.querySelector('dl.facts').closest('[dir=ltr]')")
    chips = page.locator("section[aria-labelledby=section-record-subjects] .chip")
    expect(chips.first).to_have_text(re.compile("[\u0600-\u06FF]"))  # the subject named in Arabic
    shot("arabic notification")
