"""A query that names a record ("decision 15/4") shows that record, then the records linked to it, with an
honest count — from the API's `query.exact` / `query.linked`; without them the page keeps the plain count."""

import json
import re

from playwright.sync_api import expect

from .axe import serious_violations

QUERY = "/?lang=en&q=decision+15%2F4"


def _is_page_search(response) -> bool:
    return "/api/search/" in response.url and "limit=0" not in response.url


def _rewrite_query(page, change):
    """Serve the real /api/search/ answer with its `query` block (and total) changed by `change(body)`."""
    def handle(route):
        response = route.fetch()
        body = response.json()
        change(body)
        route.fulfill(response=response, body=json.dumps(body), content_type="application/json")

    page.route("**/api/search/**", handle)


def test_the_page_follows_what_the_api_says_about_a_named_record(page, shot):
    with page.expect_response(_is_page_search) as answer:
        page.goto(QUERY)
    body = answer.value.json()
    expect(page.locator(".hit").first).to_be_visible()
    status = page.locator("#result-status")
    exact = (body.get("query") or {}).get("exact")
    if exact:  # the API names the record: the record first, then its links, counted as such
        linked = [i for i in dict.fromkeys(body["query"].get("linked") or []) if i != exact]
        expect(status).to_contain_text("the record")
        if linked:
            expect(status).to_contain_text(f"then {len(linked)} linked record")
        expect(page.locator(".hit--exact")).to_have_count(1)
        expect(page.locator(".hit--exact .symbol").first).to_have_text(exact)
    else:  # an API without the fields: the plain count, no grouping
        expect(status).to_have_text(re.compile(r"^[\d,]+ results? for “decision 15/4”$"))
        expect(page.locator(".result-group")).to_have_count(0)
    shot("named record")


def test_the_record_then_its_linked_records_with_an_honest_count(page, shot):
    def name_the_first_record(body):
        ids = [hit["identifier"] for hit in body["results"]]
        body["query"].update(exact=ids[0], linked=ids[1:4])
        body["total"] = 12

    _rewrite_query(page, name_the_first_record)
    page.goto(QUERY)
    status = page.locator("#result-status")
    expect(status).to_have_text("“decision 15/4”: the record, then 3 linked records · 8 more results")
    expect(page.locator(".result-group-title")).to_have_text(["The record", "Linked to it", "Other results"])
    groups = page.locator(".result-group")
    expect(groups.nth(0).locator(".hit")).to_have_count(1)
    expect(groups.nth(1).locator(".hit")).to_have_count(3)
    expect(page.locator(".hit--exact")).to_have_count(1)
    shot("the record, then linked records")
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".hit--exact")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("phone")
    assert serious_violations(page) == []


def test_a_record_with_nothing_linked_is_counted_as_one(page):
    def only_the_record(body):
        first = body["results"][0]
        body["results"] = [first]
        body["query"].update(exact=first["identifier"], linked=[])
        body["total"] = 1

    _rewrite_query(page, only_the_record)
    page.goto(QUERY)
    expect(page.locator("#result-status")).to_have_text("“decision 15/4”: the record")
    expect(page.locator(".result-group-title")).to_have_text(["The record"])


def test_french_interface_says_it_in_french(page):
    def name_the_first_record(body):
        ids = [hit["identifier"] for hit in body["results"]]
        body["query"].update(exact=ids[0], linked=ids[1:3])
        body["total"] = 3

    _rewrite_query(page, name_the_first_record)
    page.goto("/?lang=fr&q=d%C3%A9cision+15%2F4")
    expect(page.locator("#result-status")).to_have_text("« décision 15/4 » : la fiche, puis 2 fiches liées")
