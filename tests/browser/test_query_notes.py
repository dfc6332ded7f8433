"""The page says what the API recognised: glossary translations (real API), and the ranking's language detection
and relaxed matching (fields the ranking work adds to `query`; stubbed on top of the real response until then)."""

import json
import re

from playwright.sync_api import expect


def _with_query_fields(page, **fields):
    """Serve the real /api/search/ answer with extra fields in its `query` block."""
    def handle(route):
        response = route.fetch()
        body = response.json()
        body["query"].update(fields)
        route.fulfill(response=response, body=json.dumps(body), content_type="application/json")

    page.route("**/api/search/**", handle)


def test_glossary_translations_are_shown_as_also_searched_for(page, shot):
    page.goto("/?lang=fr&q=aires+prot%C3%A9g%C3%A9es+esp%C3%A8ces+envahissantes")
    note = page.locator("#query-notes .query-note")
    expect(note).to_contain_text("Également recherché")
    expect(note.locator("q[lang=en]")).to_have_text(["protected areas", "invasive alien species"])
    expect(page.locator(".hit").first).to_be_visible()
    shot("also searched for")


def test_nothing_is_said_when_the_api_recognised_nothing(page):
    page.goto("/?lang=en&q=protected+areas")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator("#query-notes")).to_be_empty()


def test_relaxed_matching_says_which_words_were_not_found(page, shot):
    _with_query_fields(page, relaxed={"level": "any", "matched": ["protected", "areas"], "missing": ["zzqx"]})
    page.goto("/?lang=en&q=protected+areas+zzqx")
    note = page.locator("#query-notes .query-note")
    expect(note).to_contain_text("Showing results for some of your words.")
    expect(note.locator("s")).to_have_text("zzqx")
    shot("some of your words")


def test_a_query_detected_in_another_language_offers_that_interface(page, shot):
    _with_query_fields(page, language={"code": "fr", "source": "detected", "confidence": 0.93})
    page.goto("/?lang=en&q=aires+prot%C3%A9g%C3%A9es")
    offer = page.locator("a.language-offer")
    # Written in the language it offers, for a reader who may not read the English interface.
    expect(offer).to_have_text("Rechercher dans l’interface en français ?")
    expect(offer).to_have_attribute("lang", "fr")
    expect(page.locator("#query-notes")).to_contain_text("Your search looks like French.")
    shot("french interface offered")
    page.unroute("**/api/search/**")
    offer.click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"q=aires\+prot%C3%A9g%C3%A9es"))
    expect(page.locator("#q")).to_have_value("aires protégées")


def test_no_offer_when_unsure_or_when_the_reader_chose_the_language(page):
    _with_query_fields(page, language={"code": "fr", "source": "detected", "confidence": 0.2})
    page.goto("/?lang=en&q=aires+prot%C3%A9g%C3%A9es")
    expect(page.locator("#result-status")).to_contain_text("result")
    expect(page.locator("a.language-offer")).to_have_count(0)
    page.unroute("**/api/search/**")
    _with_query_fields(page, language={"code": "en", "source": "param", "confidence": None},
                       relaxed=None)
    page.goto("/?lang=en&q=forests")
    expect(page.locator("#result-status")).to_contain_text("result")
    expect(page.locator("#query-notes")).to_be_empty()


def test_the_real_api_recognises_a_french_query_on_the_english_interface(page):
    page.goto("/?lang=en&q=aires+prot%C3%A9g%C3%A9es")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator("#query-notes")).to_contain_text("Your search looks like French.")
    expect(page.locator("a.language-offer")).to_have_attribute("hreflang", "fr")


def test_the_real_api_says_when_it_searched_only_some_of_the_words(page):
    page.goto("/?lang=en&q=protected+areas+zzqxv")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator("#query-notes .query-note")).to_contain_text("of your words")
