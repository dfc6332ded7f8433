"""The Meilisearch adapter against Meilisearch's documented HTTP contract, served by a local fake."""

from __future__ import annotations

import pytest
from contract import docs
from fake_meili import FakeMeiliServer, error_body

from search.engine import FACETS, SearchError, SearchQuery
from search.engines.meili import MeiliEngine
from search.engines.meili_settings import build_filter, index_settings, quote, safe_highlight, to_meili, trim_query


@pytest.fixture
def fake():
    with FakeMeiliServer() as server:
        yield server


@pytest.fixture
def engine(fake):
    return MeiliEngine(fake.url, "key", index_uid="records", task_timeout_ms=2000)


def test_quote_escapes_backslash_then_quote():
    assert quote('a"b\\') == '"a\\"b\\\\"'
    assert quote('"a" OR type = x') == '"\\"a\\" OR type = x"'


def test_filter_is_one_quoted_in_clause_per_facet():
    assert build_filter({"type": ["decision", 'x" OR type = "y'], "year": ["2024"], "status": []}) == [
        'type IN ["decision", "x\\" OR type = \\"y"]', 'year IN ["2024"]']
    assert build_filter({"meeting": ["COP-16"], "symbol": ["decision 15/4"]}) == [
        'meetings IN ["COP-16"]', 'symbol_keys IN ["DECISION 15/4"]']
    assert build_filter({"page_id": ["12", "x) OR (1"]}) == ["page_id IN [12]"]


def test_unknown_filter_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        build_filter({"checksum": ["x"]})


def test_settings_shape():
    settings = index_settings()
    assert settings["searchableAttributes"][:3] == ["symbols", "identifier", "symbol"]
    assert settings["searchableAttributes"].index("title_en") < settings["searchableAttributes"].index("text_en")
    assert {"type", "year", "meetings", "subjects", "gbf_targets", "language", "status", "symbol_keys",
            "page_id", "id"} <= set(settings["filterableAttributes"])
    assert settings["sortableAttributes"] == ["date_ts"]
    assert settings["synonyms"]["NBSAP"][:1] == ["NBSAPs"] and "KMGBF" in settings["synonyms"]["GBF"]
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    locales = {tuple(a["attributePatterns"]): a["locales"] for a in settings["localizedAttributes"]}
    assert locales[("title_fr", "text_fr")] == ["fra"] and locales[("title_zh", "text_zh")] == ["cmn"]
    assert settings["pagination"] == {"maxTotalHits": 1000}
    assert settings["faceting"]["maxValuesPerFacet"] == 100


def test_document_text_goes_under_its_language():
    fr = to_meili(docs()[0] | {"language": "fr"})
    fallback = to_meili(docs()[0] | {"language": "fr", "translated": False})
    assert fr["title_fr"].startswith("Halt") and "title_en" not in fr
    assert fallback["title_en"].startswith("Halt") and fallback["language"] == "fr"
    assert "CBD/COP/DEC/15/4" in to_meili(docs()[3])["symbol_keys"]


def test_long_questions_keep_their_content_words():
    q = "what is the amount of money that the parties have to mobilize each year for biodiversity"
    assert trim_query(q, "en") == "amount money parties mobilize year biodiversity"
    assert trim_query("short query", "en") == "short query"


def test_highlight_is_escaped_before_marking():
    assert safe_highlight("<b>x</b> \ue000bees\ue001 & co") == "&lt;b&gt;x&lt;/b&gt; <mark>bees</mark> &amp; co"


def test_configure_creates_index_and_sends_settings(engine, fake):
    engine.configure()
    engine.configure()  # idempotent: "index already exists" is not an error
    assert fake.state.of("POST", "/indexes")[0].body == {"uid": "records", "primaryKey": "id"}
    assert fake.state.of("PATCH", "/indexes/records/settings")[-1].body == index_settings()


def test_upsert_sends_documents_and_waits(engine, fake):
    assert engine.upsert(docs()) == len(docs())
    sent = fake.state.of("POST", "/indexes/records/documents")[0].body
    assert [d["id"] for d in sent] == [d["id"] for d in docs()]
    assert fake.state.of("GET", r"/tasks/\d+")  # polled the task


def test_deletes_use_quoted_filters(engine, fake):
    engine.delete(["p1", 'p2" OR id != "x'])
    engine.delete_pages([6, 7])
    bodies = [r.body for r in fake.state.of("POST", "/indexes/records/documents/delete")]
    assert bodies == [{"filter": 'id IN ["p1", "p2\\" OR id != \\"x"]'}, {"filter": "page_id IN [6, 7]"}]


def test_failed_task_raises_with_meilisearch_message(engine, fake):
    fake.state.fail_tasks["documentAdditionOrUpdate"] = error_body("Document identifier `a b` is invalid.",
                                                                   "invalid_document_id")
    with pytest.raises(SearchError, match="invalid_document_id: Document identifier"):
        engine.upsert(docs()[:1])


def test_server_error_raises_search_error(engine, fake):
    fake.state.http_error = (500, error_body("Internal error", "internal", "internal"))
    with pytest.raises(SearchError, match="internal: Internal error"):
        engine.search(SearchQuery(q="x"))


def test_unreachable_server_raises_search_error():
    engine = MeiliEngine("http://127.0.0.1:9", index_uid="records", http_timeout=1)
    with pytest.raises(SearchError, match="unreachable"):
        engine.count()


def test_search_payload_and_result_mapping(engine, fake):
    fake.state.search_response = {
        "totalHits": 42, "facetDistribution": {"type": {"decision": 2}, "meetings": {"COP-16": 1}},
        "hits": [{"id": "p4", "identifier": "CBD/COP/DEC/15/4", "type": "decision", "title": "KMGBF",
                  "url": "/d/15/4", "language": "fr", "date": "2022-12-19", "_rankingScore": 0.9,
                  "_formatted": {"text_fr": "la \ue000biodiversité\ue001 <i>"}}]}
    result = engine.search(SearchQuery(q='financement "x" OR', lang="fr", filters={"type": ["decision"]},
                                       page=2, limit=5, sort="date_desc"))
    body = fake.state.of("POST", "/indexes/records/search")[-1].body
    assert body["q"] == 'financement "x" OR'
    assert body["filter"] == ['type IN ["decision"]']
    assert (body["page"], body["hitsPerPage"], body["sort"], body["locales"]) == (2, 5, ["date_ts:desc"], ["fra"])
    assert body["facets"] == ["type", "year", "meetings", "subjects", "gbf_targets", "language", "status"]
    assert result.total == 42
    assert result.facets["type"] == {"decision": 2} and result.facets["meeting"] == {"COP-16": 1}
    assert set(result.facets) == set(FACETS)
    hit = result.hits[0]
    assert (hit.identifier, hit.snippet, hit.score) == ("CBD/COP/DEC/15/4", "la <mark>biodiversité</mark> &lt;i&gt;",
                                                         0.9)


def test_record_counts_ask_meilisearch_for_distinct_identifiers(engine, fake):
    fake.state.search_response = {"totalHits": 68, "facetDistribution": {"type": {"aichi-target": 13}}, "hits": []}
    result = engine.search(SearchQuery(q="invasive species", limit=0, distinct="identifier", facets=("type",)))
    body = fake.state.of("POST", "/indexes/records/search")[-1].body
    assert body["distinct"] == "identifier"
    assert (result.total, result.facets["type"]) == (68, {"aichi-target": 13})
    engine.search(SearchQuery(q="invasive species", limit=0, facets=("type",)))
    assert "distinct" not in fake.state.of("POST", "/indexes/records/search")[-1].body
