"""A search answered by the semantic fallback (no word of the query in the index) is never served again from the
search response cache, whose state knows only the lexical index and the picks: what the fallback finds depends on
the vector store and on the fallback being switched on."""

from __future__ import annotations

import pytest

from search.retrieval import modes

QUERY = "cash grants to safeguard wildlife"  # no word of it in the notices below; their meaning is close


@pytest.fixture
def funding_notices(site, make_notification):
    make_notification("2024-301", title="Global Biodiversity Framework Fund: call for project proposals")
    make_notification("2024-302", title="Financing biodiversity conservation projects in developing countries")


@pytest.fixture
def fallback_switch():
    """Switches the semantic fallback off as SEMANTIC_ENABLED=false leaves it, and back on afterwards."""
    registered = modes.fallback_runner()
    yield lambda: modes.register_fallback(None)
    modes.register_fallback(registered)


def test_a_semantic_fallback_answer_is_not_reused_once_the_fallback_is_off(client, funding_notices,
                                                                           fallback_switch):
    first = client.get("/api/search/", {"q": QUERY}).json()
    assert first["query"]["relaxed"] == "semantic", first["query"]
    assert {r["identifier"] for r in first["results"]} & {"2024-301", "2024-302"}

    fallback_switch()
    after = client.get("/api/search/", {"q": QUERY}).json()
    assert (after["results"], after["query"]["relaxed"]) == ([], None)


def test_a_lexical_answer_is_still_reused(client, funding_notices):
    from search.results.response_cache import responses

    client.get("/api/search/", {"q": "biodiversity projects"})
    hits = responses.hits
    again = client.get("/api/search/", {"q": "biodiversity projects"}).json()
    assert responses.hits == hits + 1
    assert {r["identifier"] for r in again["results"]} == {"2024-301", "2024-302"}
