"""A delegate on a phone: the search, results, record and ask pages at 320, 360, 375 and 390 CSS px (touch, a
mobile user agent, DPR 2-3), in English and Arabic. Each page must not scroll sideways (WCAG 1.4.10, long symbols
and addresses wrap), every control is a 24×24 CSS px target (WCAG 2.2 2.5.8), nothing jumps while the data
arrives (Cumulative Layout Shift, measured by a PerformanceObserver in the page with the content APIs
answering late, as on a mobile network), and the search boxes suit a virtual keyboard."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from .axe import serious_violations

# (width, height, device pixel ratio): an iPhone SE 1st gen, a common Android, iPhone SE/8, iPhone 12-15.
PHONES = {"320": (320, 568, 2), "360": (360, 740, 3), "375": (375, 667, 2), "390": (390, 844, 3)}
LONG_SYMBOL = "CBD/SBSTTA/26/INF/20/Add.1"
LONG_URL = "https://www.cbd.int/doc/c/8f2a/5b7e/0c4d1e2f3a4b5c6d7e8f9a0b/sbstta-26-inf-20-add1-en.pdf?download=true"
# Each page and what shows once its data is in.
WALK = [
    ("/?lang=en", "#results .target-grid li"),
    ("/?q=protected+areas&lang=en", ".hit"),
    ("/?q=2024-070&lang=en", ".hit"),
    (f"/?q={LONG_SYMBOL.replace('/', '%2F')}&lang=en", "#result-status:not(:empty)"),
    ("/record.html?id=CBD%2FCOP%2FDEC%2F15%2F4&lang=en", ".para"),
    ("/record.html?id=2024-070&lang=en", ".record-header h1"),
    ("/record.html?id=GBF-TARGET-03&lang=en", ".record-header h1"),
    ("/record.html?id=CBD%2FSBI%2F7%2FDRAFT%2FCHM-KM&lang=en", ".record-header h1"),
    ("/ask.html?q=How+are+protected+areas+funded%3F&lang=en", "#answer[aria-busy=false] > :not(.loading)"),
    ("/?q=protected+areas&lang=ar", ".hit"),
    ("/record.html?id=CBD%2FCOP%2FDEC%2F15%2F4&lang=ar", ".para"),
]
CONTENT_APIS = re.compile(r"/api/(search|records|ask|resolve)/")
API_DELAY_S = 0.4
# Web Vitals call a CLS up to 0.1 good; the pages measured 0.00-0.02 after the fixes (0.12-0.74 before).
CLS_LIMIT = 0.05

# Counts layout shifts not caused by input, from the first paint on (buffered), with what moved.
CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__cls += entry.value;
    window.__shifts.push({ value: entry.value, moved: (entry.sources || []).map((s) => s.node
      ? `${s.node.nodeName}#${s.node.id || ""}.${s.node.className || ""}` : "?") });
  }
}).observe({ type: "layout-shift", buffered: true });
"""

# Horizontal overflow in CSS px and the widest offenders.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width && (box.right > width + 0.5 || box.left < -0.5) && !el.closest(".visually-hidden, .skip-link");
  }).slice(0, 5).map((el) => `${el.nodeName}.${el.className} ${el.textContent.trim().slice(0, 40)}`);
  return { overflow: document.documentElement.scrollWidth - width, wide };
}"""

# Target size: each visible target is 24×24 CSS px unless it is a link inside a sentence (WCAG 2.2 2.5.8's inline
# exception) or a checkbox whose label is that big. Stricter than 2.5.8, which also lets a small target pass when
# spaced from the others: the pages had such 19 px language links and 14 px paragraph links, spaced, and a thumb
# still missed them. Returns the failures and the smallest target seen.
TARGETS = """() => {
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && box.bottom + scrollY > 0
      && !el.closest("[hidden], dialog:not([open]), details:not([open]) > :not(summary), .visually-hidden");
  };
  const targets = [...document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]")].filter(shown);
  const inSentence = (el) => getComputedStyle(el).display === "inline" && el.tagName === "A"
    && [...el.parentElement.childNodes].some((n) => n.nodeType === 3 && /\\p{L}{2}/u.test(n.textContent));
  const rect = (el) => el.getBoundingClientRect();
  const failures = [];
  let smallest = null;
  for (const el of targets) {
    const box = rect(el);
    const size = Math.min(box.width, box.height);
    const text = (el.textContent || el.value || el.type || "").trim().slice(0, 30);
    const name = `${el.nodeName}.${el.className} "${text}"`;
    if (!smallest || size < smallest.size) smallest = { size: Math.round(size * 10) / 10, name };
    if (box.width >= 24 && box.height >= 24) continue;
    if (inSentence(el)) continue;
    // A box ticked through its label: the label is the equivalent target.
    if (el.labels?.length && [...el.labels].some((l) => rect(l).height >= 24 && rect(l).width >= 24)) continue;
    failures.push(`${name} ${Math.round(box.width)}×${Math.round(box.height)}`);
  }
  return { failures, smallest };
}"""

# The smallest text on the page, in CSS px (read without zooming: nothing under 12 px).
SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll("body *")].filter((el) =>
  [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && el.getClientRects().length
  && !el.closest(".visually-hidden, [hidden], script, style"))
  .map((el) => parseFloat(getComputedStyle(el).fontSize)))"""


@pytest.fixture
def phone(open_tab, request):
    """A phone's tab: the size and pixel ratio of the test's parameter, touch, a mobile user agent."""
    width, height, ratio = PHONES[request.param]
    with open_tab(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True,
                  device_scale_factor=ratio) as tab:
        yield tab


def _answer_late(tab) -> None:
    """The content APIs answer after the page has painted its frame, as on a phone network: whatever the answer
    moves on arrival is then counted."""
    def late(route):
        time.sleep(API_DELAY_S)
        route.continue_()

    tab.route(CONTENT_APIS, late)


def _settle(tab, ready: str) -> None:
    # A fresh app's first answer (the ask page loads its models) takes longer than the default wait.
    expect(tab.locator(ready).first).to_be_attached(timeout=60_000)
    tab.wait_for_load_state("networkidle")
    expect(tab.locator("body")).not_to_have_class(re.compile("is-booting"))


@pytest.mark.parametrize("phone", list(PHONES), indirect=True)
def test_every_page_fits_the_phone_with_big_targets_and_no_layout_shift(phone):
    phone.add_init_script(CLS_OBSERVER)
    _answer_late(phone)
    width = phone.viewport_size["width"]
    problems, report = [], []
    for path, ready in WALK:
        phone.goto(path)
        _settle(phone, ready)
        # The closed details (provenance) open: their long addresses must wrap too.
        for summary in phone.locator("details:not([open]) > summary").all():
            summary.evaluate("s => s.parentElement.open = true")
        over = phone.evaluate(OVERFLOW)
        targets = phone.evaluate(TARGETS)
        cls = phone.evaluate("window.__cls")
        smallest_text = phone.evaluate(SMALLEST_TEXT)
        report.append(f"{path}: overflow {over['overflow']} px, smallest target {targets['smallest']}, "
                      f"CLS {cls:.3f}, smallest text {smallest_text} px")
        if over["overflow"] > 0:
            problems.append(f"{path} scrolls sideways by {over['overflow']} px: {over['wide']}")
        if targets["failures"]:
            problems.append(f"{path} targets under 24 px: {targets['failures'][:5]}")
        if cls >= CLS_LIMIT:
            problems.append(f"{path} layout shift {cls:.3f}: {phone.evaluate('window.__shifts')}")
        if smallest_text < 12:
            problems.append(f"{path} has text of {smallest_text} px")
    print(f"\n{width} px\n" + "\n".join(report))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("phone", ["320"], indirect=True)
def test_long_symbols_and_addresses_wrap_in_results_and_records(phone):
    """A meeting document's symbol and a file address, both without a space, in a result and on a record."""
    def longer_hits(route):
        response = route.fetch()
        body = response.json()
        for hit in body.get("results") or []:
            hit["identifier"] = LONG_SYMBOL
            hit["title"] = f"{LONG_SYMBOL} {LONG_URL}"
            hit["snippet"] = f"See {LONG_URL} and {LONG_SYMBOL}"
        route.fulfill(response=response, body=json.dumps(body), content_type="application/json")

    def longer_record(route):
        response = route.fetch()
        body = response.json()
        body["symbol"] = LONG_SYMBOL
        body["title"] = f"{LONG_SYMBOL}{LONG_SYMBOL}"
        body.setdefault("provenance", {})["source_url"] = LONG_URL
        body["uri"] = LONG_URL
        route.fulfill(response=response, body=json.dumps(body), content_type="application/json")

    phone.route("**/api/search/**", longer_hits)
    phone.route("**/api/records/**", longer_record)
    phone.goto("/?q=protected+areas&lang=en")
    expect(phone.locator(".hit .symbol", has_text=LONG_SYMBOL).first).to_be_visible()
    assert phone.evaluate(OVERFLOW)["overflow"] <= 0, phone.evaluate(OVERFLOW)["wide"]
    phone.goto("/record.html?id=2024-070&lang=en")
    expect(phone.locator(".record-kicker .symbol")).to_have_text(LONG_SYMBOL)
    phone.locator("details.provenance > summary").tap()
    expect(phone.locator(".provenance a", has_text=LONG_URL)).to_be_visible()
    over = phone.evaluate(OVERFLOW)
    assert over["overflow"] <= 0, over["wide"]


@pytest.mark.parametrize("phone", ["320", "390"], indirect=True)
def test_filters_on_a_phone_are_a_dialog_of_thumb_sized_controls(phone):
    phone.goto("/?q=biodiversity&lang=en")
    first = phone.locator(".hit").first
    expect(first).to_be_visible()
    # The results come first: the facets wait behind one button instead of pushing them off the screen.
    expect(phone.locator("aside.facets")).to_be_hidden()
    title = first.locator(".hit-title").bounding_box()
    assert title["y"] + title["height"] <= phone.viewport_size["height"], "the first result is below the first screen"
    phone.get_by_role("button", name="Filters").tap()
    dialog = phone.get_by_role("dialog", name="Filter results")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= phone.viewport_size["width"]
    for checkbox in dialog.get_by_role("checkbox").all()[:10]:
        size = checkbox.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size
    more = dialog.get_by_role("button", name=re.compile(r"Show \d+ more")).first
    more.tap()
    expect(dialog.get_by_role("button", name="Show fewer").first).to_be_visible()
    targets = phone.evaluate(TARGETS)
    assert targets["failures"] == [], targets["failures"]
    assert phone.evaluate(OVERFLOW)["overflow"] <= 0
    dialog.get_by_role("checkbox", name=re.compile("^Notification")).tap()
    dialog.get_by_role("button", name=re.compile(r"Show \d+ results?")).tap()
    expect(dialog).to_be_hidden()
    expect(phone.get_by_role("button", name="Filters (1)")).to_be_visible()
    assert serious_violations(phone) == []


@pytest.mark.parametrize("phone", ["375"], indirect=True)
def test_search_boxes_suit_a_virtual_keyboard(phone):
    phone.goto("/?lang=en")
    meta = phone.locator("meta[name=viewport]").get_attribute("content")
    assert "width=device-width" in meta and "initial-scale=1" in meta
    # Pinch zoom stays available (WCAG 1.4.4).
    assert "user-scalable=no" not in meta.replace(" ", "") and "maximum-scale" not in meta
    box = phone.locator("#q")
    for name, value in {"type": "search", "enterkeyhint": "search", "autocapitalize": "off",
                        "autocomplete": "off", "spellcheck": "false"}.items():
        expect(box).to_have_attribute(name, value)
    # Under 16 px, iOS Safari zooms the page into a focused field.
    assert box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    assert phone.locator("#sort").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    box.tap()
    expect(box).to_be_focused()
    phone.keyboard.type("protected areas")
    phone.keyboard.press("Enter")
    expect(phone.locator(".hit").first).to_be_visible()
    expect(phone).to_have_url(re.compile(r"q=protected\+areas"))
    phone.goto("/record.html?id=2024-070&lang=en")
    header = phone.locator("#header-q")
    expect(header).to_have_attribute("type", "search")
    expect(header).to_have_attribute("enterkeyhint", "search")
    expect(header).to_have_attribute("autocapitalize", "off")
    assert header.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    phone.goto("/ask.html?lang=en")
    question = phone.locator("#question")
    expect(question).to_have_attribute("enterkeyhint", "go")
    # A question is a sentence: its first letter may be capitalised, unlike a symbol typed into search.
    expect(question).to_have_attribute("autocapitalize", "sentences")
    assert question.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16


@pytest.mark.parametrize("phone", ["320"], indirect=True)
def test_arabic_on_a_phone_reads_right_to_left_without_sideways_scroll(phone):
    phone.goto("/?q=protected+areas&lang=ar")
    expect(phone.locator(".hit").first).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert phone.evaluate(OVERFLOW)["overflow"] <= 0
    # Right to left: the Search button sits at the left end of the row, within the screen.
    button = phone.locator("#search-form button[type=submit]").bounding_box()
    field = phone.locator("#q").bounding_box()
    assert 0 <= button["x"] < field["x"]
    phone.locator("#filters-toggle").tap()
    expect(phone.locator("#filters-dialog")).to_be_visible()
    assert phone.evaluate(OVERFLOW)["overflow"] <= 0
    assert phone.evaluate(TARGETS)["failures"] == []
