"""mode=semantic|hybrid on /api/search/ and /api/ask/ on notifications as the migration has them."""

from __future__ import annotations

import pytest

GBF_FUND = "Global Biodiversity Framework Fund"


def _words(*needles):
    return lambda title: any(n.lower() in title.lower() for n in needles)


@pytest.fixture
def corpus(real_notifications):
    """The GBF Fund notifications plus look-alikes (other funding, webinars, calls) from the real data."""
    fund = real_notifications(_words(GBF_FUND))
    others = real_notifications(_words("funding", "webinar", "Cali Fund", "invasive", "pollinators"), limit=25)
    return {"fund": fund, "others": others}


def test_ask_cites_the_gbf_fund_notifications(client, corpus):
    assert len(corpus["fund"]) == 4
    body = client.get("/api/ask/", {"q": "How can countries get funding for biodiversity projects?"}).json()
    assert body["found"] is True
    assert body["citations"] == body["passages"]
    cited = [p["identifier"] for p in body["passages"]]
    assert set(cited) & set(corpus["fund"]), cited
    # Never more than the passages say: the answer is a sentence of the first cited passage.
    first = body["passages"][0]
    assert body["answer"].rstrip(" …") in f"{first['title']}. {first['text']}"
    assert {"identifier", "paragraph_code", "anchor", "url", "language", "text", "title", "score"} <= first.keys()


def test_ask_says_so_when_nothing_answers(client, corpus):
    body = client.get("/api/ask/", {"q": "What is the boiling point of mercury on Mars?"}).json()
    assert body["found"] is False
    assert body["passages"] == []
    assert "Nothing in the Knowledge Hub" in body["answer"]


def test_ask_rejects_missing_question_and_unknown_language(client, site):
    assert client.get("/api/ask/").status_code == 400
    assert client.get("/api/ask/", {"q": "funding", "lang": "xx"}).status_code == 400


def test_hybrid_keeps_the_named_notification_first(client, make_notification, corpus):
    make_notification("2024-070", title="Peer review of the updated guidance on biodiversity funding")
    for q in ("2024-070", "notification 2024-70", "2024-070 biodiversity funding"):
        body = client.get("/api/search/", {"q": q, "mode": "hybrid"}).json()
        assert body["query"]["mode"] == "hybrid"
        assert body["results"][0]["identifier"] == "2024-070", q


def test_hybrid_ranks_the_same_whether_its_two_sides_run_together_or_in_turn(client, make_notification, corpus,
                                                                             monkeypatch):
    """The semantic side runs beside the lexical one (a second core) unless the query names a record, which
    then needs no vector at all: same answers either way, and nothing encoded for a named record."""
    from embeddings import modes
    from embeddings.embedder import Embedder

    make_notification("2024-070", title="Peer review of the updated guidance on biodiversity funding")
    queries = ["funding for biodiversity projects", "invasive alien species webinar", "Cali Fund contributions",
               "2024-070 biodiversity funding"]

    def ranked(beside: bool) -> list[list[str]]:
        monkeypatch.setattr(modes, "SEMANTIC_BESIDE_LEXICAL", beside)
        return [[r["identifier"] for r in client.get("/api/search/", {"q": q, "mode": "hybrid"}).json()["results"]]
                for q in queries]

    in_turn, together = ranked(False), ranked(True)
    assert together == in_turn
    assert all(together) and together[-1][0] == "2024-070"

    encoded: list[str] = []
    real = Embedder.encode_query
    monkeypatch.setattr(Embedder, "encode_query", lambda self, text: encoded.append(text) or real(self, text))
    client.get("/api/search/", {"q": "notification 2024-70", "mode": "hybrid"})
    assert encoded == []


def test_semantic_mode_finds_by_meaning_without_shared_words(client, corpus):
    q = "money to finance nature conservation projects in developing nations"
    lexical = client.get("/api/search/", {"q": q, "mode": "lexical"}).json()
    semantic = client.get("/api/search/", {"q": q, "mode": "semantic"}).json()
    assert semantic["query"]["mode"] == "semantic"
    top = [r["identifier"] for r in semantic["results"][:5]]
    assert set(top) & set(corpus["fund"]), top
    assert len({r["identifier"] for r in semantic["results"]}) == len(semantic["results"])  # one per record
    assert lexical["query"]["mode"] == "lexical"


def test_hybrid_answers_lexically_while_the_vector_store_is_owned_by_another_process(client, corpus, settings):
    """An Edge shard has one owner: while another process (a command, a second server) holds the folder,
    hybrid answers lexically and ask says 503, instead of failing or waiting."""
    import subprocess
    import sys

    from embeddings import runtime

    store = runtime.get_store()
    store.close()  # this process lets go of the folder; the other process takes it
    code = ("import sys; from embeddings.edge_backend import EdgeBackend; "
            f"b = EdgeBackend({str(settings.QDRANT_PATH)!r}, {store.collection!r}); b.exists(); "
            "print('owned', flush=True); sys.stdin.read()")
    other = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "owned"
        lexical = client.get("/api/search/", {"q": "Framework Fund", "mode": "lexical"}).json()
        hybrid = client.get("/api/search/", {"q": "Framework Fund", "mode": "hybrid"})
        assert hybrid.status_code == 200
        assert [r["identifier"] for r in hybrid.json()["results"]] == [r["identifier"] for r in lexical["results"]]
        ask = client.get("/api/ask/", {"q": "funding"})
        assert ask.status_code == 503
    finally:
        other.communicate("", timeout=30)
    store.close()
    assert client.get("/api/ask/", {"q": "How can countries get funding for biodiversity?"}).status_code == 200


def test_openapi_documents_ask_and_similar(client):
    spec = client.get("/api/schema/").json()
    ask = spec["paths"]["/api/ask/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"identifier", "paragraph_code", "url", "text", "score"} <= set(
        ask["properties"]["passages"]["items"]["properties"])
    assert "/api/records/{identifier}/similar/" in spec["paths"]


def test_semantic_result_pages_encode_once_and_follow_publishing(client, real_notifications, make_notification,
                                                                  monkeypatch):
    """The pages of one semantic search share one encoding; a publish or unpublish is seen at the next request."""
    from embeddings.embedder import Embedder

    assert len(real_notifications(lambda title: True, limit=90)) == 90  # more passages than one engine page (40)

    encoded: list[str] = []
    real = Embedder.encode_query
    monkeypatch.setattr(Embedder, "encode_query", lambda self, text: encoded.append(text) or real(self, text))
    q = "coral reef restoration volunteers"
    params = {"q": q, "mode": "semantic", "limit": 50}  # more records than exist: every page is asked for
    before = [r["identifier"] for r in client.get("/api/search/", params).json()["results"]]
    assert encoded == [q]
    assert "2099-777" not in before

    page = make_notification("2099-777", title="Volunteers restore coral reefs",
                             summary="Coral reef restoration by volunteers in island states.")
    after = [r["identifier"] for r in client.get("/api/search/", params).json()["results"]]
    assert after[0] == "2099-777"
    page.unpublish()
    assert "2099-777" not in [r["identifier"] for r in client.get("/api/search/", params).json()["results"]]


def test_hybrid_fuses_a_long_question_unless_the_engine_reads_only_its_start(client, corpus, monkeypatch):
    """Meilisearch reads the first 10 words of a query, so a longer question goes semantic; the embedded engine
    reads every word, and the question keeps its lexical side in the fusion."""
    from search.engines import get_engine

    q = "could you please tell me which notifications describe the Global Biodiversity Framework Fund for countries"
    params = {"q": q, "mode": "hybrid"}
    semantic = [r["identifier"] for r in client.get("/api/search/", {**params, "mode": "semantic"}).json()["results"]]
    fused = [r["identifier"] for r in client.get("/api/search/", params).json()["results"]]
    assert fused != semantic  # the lexical list took part

    monkeypatch.setattr(type(get_engine()), "max_query_words", 10, raising=False)
    assert [r["identifier"] for r in client.get("/api/search/", params).json()["results"]] == semantic
