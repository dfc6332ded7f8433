"""Facet counts agree with the database; editors' picks lead the results; retrieval modes plug in."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from search.results.response_cache import responses
from search.retrieval import modes

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_records(make_notification, make_term):
    for i, (year, status) in enumerate([(2023, "active"), (2024, "active"), (2024, "closed"), (2025, "")], 1):
        make_notification(f"{year}-{i:03d}", title=f"Biodiversity notice {i}", date=dt.date(year, 3, i),
                          status=status)
    make_term("GBF-TARGET-06", "Reduce the introduction of invasive alien species")
    make_term("GBF-TARGET-07", "Reduce pollution to levels that are not harmful")
    draft = make_notification("2025-090", title="Biodiversity draft notice")
    draft.unpublish()


def test_facet_counts_equal_public_records_in_the_database(search, mixed_records):
    from cms.api.serializers import public_records

    records = list(public_records().filter(locale__language_code="en"))
    _, body = search()
    assert body["total"] == len(records) == 6
    assert body["facets"]["type"] == dict(Counter(p.record_type for p in records))
    assert body["facets"]["year"] == dict(Counter(str(p.date.year) for p in records if p.date))
    assert body["facets"]["status"] == dict(Counter(p.status for p in records if p.status))
    _, filtered = search(type="notification", year="2024")
    assert filtered["total"] == 2
    assert filtered["facets"]["status"] == {"active": 1, "closed": 1}


def test_paragraph_documents_do_not_inflate_counts(search, make_decision):
    body = [{"type": "paragraph", "value": {"number": str(n), "text": f"Urges Parties to protect wetlands {n}"}}
            for n in range(1, 4)]
    make_decision(title="Wetlands decision", body=body)
    from search.engines import get_engine

    assert get_engine().count() >= 4  # the record and its three paragraphs are indexed
    _, found = search(q="wetlands")
    assert found["total"] == 1
    assert found["facets"]["type"] == {"decision": 1}
    assert len(found["results"]) == 1


def _promote(q: str, *pages) -> None:
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get(q)
    for order, page in enumerate(pages):
        SearchPromotion.objects.create(query=query, page=page, sort_order=order)


def test_editors_picks_come_first_on_page_one(search, make_notification, make_term):
    for i in range(1, 6):
        make_notification(f"2024-{i:03d}", title=f"Invasive species notice {i}")
    target = make_term("GBF-TARGET-06", "Reduce the introduction of alien organisms")  # does not match the words
    _promote("Invasive Species", target)
    _, body = search(q="invasive   species")
    assert body["results"][0]["identifier"] == "GBF-TARGET-06"
    assert body["results"][0]["promoted"] is True
    assert [r["identifier"] for r in body["results"]].count("GBF-TARGET-06") == 1
    _, page2 = search(q="invasive species", limit=3, page=2)
    assert "GBF-TARGET-06" not in [r["identifier"] for r in page2["results"]]
    _, filtered = search(q="invasive species", type="notification")
    assert "GBF-TARGET-06" not in [r["identifier"] for r in filtered["results"]]
    _, other = search(q="invasive")
    assert other["results"][0]["identifier"] != "GBF-TARGET-06"


def test_a_new_pick_shows_in_the_next_request(search, make_notification):
    """The process caches which queries have picks; saving or deleting a pick must not wait for it."""
    pick = make_notification("2024-011", title="Wetland restoration call")
    make_notification("2024-012", title="Forest restoration call")
    _, before = search(q="forest")  # loads the cache without any pick for "forest"
    assert before["results"][0]["promoted"] is False
    _promote("forest", pick)
    _, after = search(q="forest")
    assert after["results"][0]["identifier"] == "2024-011" and after["results"][0]["promoted"] is True
    from wagtail.contrib.search_promotions.models import SearchPromotion

    SearchPromotion.objects.all().delete()
    _, removed = search(q="forest")
    assert all(not r["promoted"] for r in removed["results"])


def test_unpublished_pick_is_not_shown(search, make_notification):
    pick = make_notification("2024-009", title="Seagrass meadows call")
    make_notification("2024-010", title="Forest call")
    _promote("forest", pick)
    pick.unpublish()
    _, body = search(q="forest")
    assert [r["identifier"] for r in body["results"]] == ["2024-010"]


@pytest.fixture
def plugged_modes(monkeypatch):
    """Leave whatever modes other capabilities registered as they were after the test."""
    monkeypatch.setattr(modes, "_runners", dict(modes._runners))
    modes.unregister("semantic")


def test_modes_fall_back_to_lexical_until_plugged_in_then_run_the_plugin(search, mixed_records, plugged_modes):
    _, body = search(q="pollution", mode="semantic")
    assert body["query"]["mode"] == "lexical" and body["query"]["requested_mode"] == "semantic"
    assert body["results"][0]["identifier"] == "GBF-TARGET-07"

    def reversed_lexical(engine, query, depth):
        interpreted = modes.lexical(engine, query, depth)
        hits = list(reversed(interpreted.result.hits))
        return type(interpreted)(type(interpreted.result)(interpreted.result.total, hits, {}, 0.0))

    modes.register("semantic", reversed_lexical)
    _, lexical = search(q="biodiversity notice")
    _, plugged = search(q="biodiversity notice", mode="semantic")
    assert plugged["query"]["mode"] == "semantic"
    assert [r["identifier"] for r in plugged["results"]] == [r["identifier"] for r in lexical["results"]][::-1]


def test_a_query_in_another_un_language_blends_the_semantic_path_into_the_default_mode(search, mixed_records,
                                                                                        monkeypatch):
    monkeypatch.setattr(modes, "_blend", list(modes._blend))
    modes.register_blend(None)
    _, unplugged = search(q="загрязнение")
    assert unplugged["query"]["mode"] == "lexical"  # nothing to blend: the lexical answer as before
    assert unplugged["results"][0]["identifier"] == "GBF-TARGET-07"
    ran = []

    def hybrid(engine, query, depth):
        ran.append(query.q)
        return modes.lexical(engine, query, depth)

    modes.register_blend(hybrid)
    responses.clear()  # plugging a mode in is a start-up event; the answer above must not be reused
    _, russian = search(q="загрязнение")
    assert russian["query"]["mode"] == "hybrid" and russian["query"]["requested_mode"] == "lexical"
    assert ran == ["pollution загрязнение"]  # the semantic side reads the glossary's English too
    assert russian["results"][0]["identifier"] == "GBF-TARGET-07"
    _, english = search(q="pollution")
    assert english["query"]["mode"] == "lexical" and len(ran) == 1
    _, symbol = search(q="2024-070")  # no language: nothing to translate, nothing to blend
    assert symbol["query"]["mode"] == "lexical"


def test_openapi_documents_the_search_parameters(client):
    spec = client.get("/api/schema/").json()
    names = {p["name"] for p in spec["paths"]["/api/search/"]["get"]["parameters"]}
    assert names >= {"q", "lang", "type", "year", "meeting", "subject", "gbf_target", "language", "status", "page",
                     "limit", "sort", "mode"}



def test_a_record_matched_only_by_its_passages_is_counted_once_and_its_page_reachable(search, make_term,
                                                                                      make_notification):
    """The total and facets count every record the results can show: an Aichi target whose only match is two of
    its country activities (passages of their own, not in its text) counts once, and the last page the total
    gives holds the last result (the demo's "invasive species": total 59 while 68 records were shown)."""
    activities = [("activity", {"country": country, "text": "Mangrove restoration along the coast"})
                  for country in ("Kenya", "Viet Nam")]
    make_term("AICHI-TARGET-10", "Pressures on vulnerable ecosystems minimized", scheme="aichi-target",
              activities=activities)
    make_notification("2025-001", title="Mangrove restoration workshop", date=dt.date(2025, 1, 1))
    _, found = search(q="mangrove")
    shown = [r["identifier"] for r in found["results"]]
    assert sorted(shown) == ["2025-001", "AICHI-TARGET-10"]
    _, first = search(q="mangrove", limit=1)
    assert first["total"] == found["total"] == 2
    assert first["facets"]["type"] == found["facets"]["type"] == {"aichi-target": 1, "notification": 1}
    _, last = search(q="mangrove", limit=1, page=first["total"])
    assert [r["identifier"] for r in last["results"]] == shown[-1:]
    assert last["total"] == 2
    _, beyond = search(q="mangrove", limit=1, page=3)
    assert (beyond["results"], beyond["total"]) == ([], 2)
