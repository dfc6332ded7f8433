"""The local (folder) vector store, for real: incremental sync, filters, deletes, model switch, the lock."""

from __future__ import annotations

import numpy as np
import pytest
from emb_samples import SAMPLE_DOCS

from embeddings.indexer import sync_pages
from embeddings.passages import Passage, build_passages
from embeddings.store import StoreLockedError, VectorStore, point_id


@pytest.fixture
def indexed(local_store, embedder):
    sync_pages(local_store, embedder, build_passages(SAMPLE_DOCS))
    return local_store


def _ids(hits):
    return [h.identifier for h in hits]


def test_a_question_finds_the_record_that_answers_it(indexed, embedder):
    hits = indexed.search(embedder.encode_query("how much money must be mobilized each year"), limit=3)
    assert hits[0].identifier == "GBF-TARGET-19"
    assert hits[0].payload["url"] == "/records/GBF-TARGET-19" and hits[0].score > hits[-1].score


def test_a_paragraph_hit_carries_its_paragraph_code_and_anchor(indexed, embedder):
    hits = indexed.search(embedder.encode_query("traditional knowledge of indigenous and local communities"), 1)
    assert (hits[0].paragraph_code, hits[0].anchor) == ("cbd-08/j", "para-j")


def test_filters_restrict_results(indexed, embedder):
    query = embedder.encode_query("biodiversity")
    assert set(_ids(indexed.search(query, 10, {"type": ["notification"]}))) == {"2024-001", "2025-096"}
    assert _ids(indexed.search(query, 10, {"year": ["2024"]})) == ["2024-001"]
    assert _ids(indexed.search(query, 10, {"subject": ["CBD-SUBJECT-BBI"]})) == ["2024-001"]
    assert _ids(indexed.search(query, 10, {"gbf_target": ["GBF-TARGET-19"], "type": ["gbf-target"]})) == [
        "GBF-TARGET-19"
    ]
    assert indexed.count({"identifier": ["cbd-08"]}) == 2
    with pytest.raises(ValueError, match="unknown filter"):
        indexed.search(query, 10, {"tpye": ["decision"]})


def test_resync_of_unchanged_pages_embeds_nothing(indexed, embedder):
    report = sync_pages(indexed, embedder, build_passages(SAMPLE_DOCS))
    assert (report.embedded, report.payload_updated, report.unchanged) == (0, 0, len(SAMPLE_DOCS))
    assert indexed.count() == len(SAMPLE_DOCS)


def test_metadata_edit_rewrites_payload_but_keeps_the_vector(indexed, embedder):
    before = indexed.client.retrieve("test", [point_id("p3")], with_vectors=True)[0].vector
    edited = [{**d, "status": "superseded"} for d in SAMPLE_DOCS if d["page_id"] == 3]
    report = sync_pages(indexed, embedder, build_passages(edited), page_ids=[3])
    assert (report.embedded, report.payload_updated) == (0, 1)
    point = indexed.client.retrieve("test", [point_id("p3")], with_vectors=True)[0]
    assert point.payload["status"] == "superseded" and np.allclose(point.vector, before)


def test_text_edit_reembeds_only_that_passage_and_removed_paragraphs_disappear(indexed, embedder):
    page1 = [{**SAMPLE_DOCS[0], "text": "Each Contracting Party shall establish marine protected areas."}]
    report = sync_pages(indexed, embedder, build_passages(page1), page_ids=[1])
    assert (report.embedded, report.deleted) == (1, 1)  # the record re-embedded, paragraph (j) gone
    assert indexed.count({"page_id": [1]}) == 1
    assert indexed.existing_checksums([2, 3, 4]).keys() == {"p2", "p3", "p4"}


def test_delete_pages_removes_every_passage_of_the_page(indexed):
    indexed.delete_pages([1, 4])
    assert indexed.count() == len(SAMPLE_DOCS) - 3
    assert set(indexed.fingerprints()) == {"p2", "p3"}


def test_upsert_skips_points_whose_checksum_is_unchanged(indexed, embedder):
    passages = build_passages(SAMPLE_DOCS)
    vectors = embedder.encode_passages([p.embed_text for p in passages])
    assert indexed.upsert(passages, vectors, embedder.model_id) == 0
    assert indexed.upsert(passages, vectors, "another-model") == len(passages)


def test_switching_model_recreates_the_collection(indexed, embedder):
    assert indexed.ensure_collection(embedder.model_id, embedder.dim) is False
    assert indexed.ensure_collection("intfloat/multilingual-e5-small", 384) is True
    assert indexed.count() == 0
    assert indexed.collection_model() == {"model_id": "intfloat/multilingual-e5-small", "dim": 384}
    # The next sync under the new model re-embeds everything, because no checksum survived.
    assert sync_pages(indexed, embedder, build_passages(SAMPLE_DOCS)).embedded == len(SAMPLE_DOCS)


def test_fingerprints_match_the_payload_checksums(indexed, embedder):
    expected = {p.id: p.payload(embedder.model_id)["checksum"] for p in build_passages(SAMPLE_DOCS)}
    assert indexed.fingerprints() == expected


def test_a_second_owner_of_the_folder_gets_a_clear_error(indexed):
    other = VectorStore(path=indexed.path, collection="test")  # opening is lazy: no error yet
    with pytest.raises(StoreLockedError, match="one owner"):
        other.count()


def test_store_needs_exactly_one_location():
    with pytest.raises(ValueError):
        VectorStore()
    with pytest.raises(ValueError):
        VectorStore(url="http://127.0.0.1:6333", path="/tmp/x")


def test_vectors_survive_closing_and_reopening_the_folder(indexed, embedder):
    indexed.close()  # e.g. the web process restarts
    reopened = VectorStore(path=indexed.path, collection="test")
    assert reopened.count() == len(SAMPLE_DOCS)
    assert reopened.search(embedder.encode_query("Bio-Bridge Initiative"), 1)[0].identifier == "2024-001"
    assert sync_pages(reopened, embedder, build_passages(SAMPLE_DOCS)).embedded == 0
    reopened.close()


def test_local_filtered_search_finds_matches_beyond_the_overfetch_window(local_store):
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((60, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [
        Passage(
            id=f"p{i}",
            page_id=i,
            identifier=f"R-{i}",
            type="decision" if i == 59 else "notification",
            language="en",
            title=f"R {i}",
            text="",
            year=2000 + i,
        )
        for i in range(60)
    ]
    local_store.ensure_collection("synthetic", 8)
    local_store.upsert(passages, vectors, "synthetic")
    query = -vectors[59]  # the only decision is the farthest point: outside any unfiltered top-20
    assert [h.identifier for h in local_store.search(query, 1, {"type": ["decision"]})] == ["R-59"]
    wide = local_store.search(query, 5, {"year": [2001, 2003, 2059]})
    assert sorted(h.identifier for h in wide) == ["R-1", "R-3", "R-59"]
    assert [h.score for h in wide] == sorted((h.score for h in wide), reverse=True)


def _synthetic(store: VectorStore, count: int, dim: int = 16, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [
        Passage(id=f"p{i}", page_id=i, identifier=f"R-{i}", type=("decision", "notification", "meeting")[i % 3],
                language=("en", "fr")[i % 2], title=f"R {i}", text=f"passage {i}", year=2000 + i % 7)
        for i in range(count)
    ]
    store.ensure_collection("synthetic", dim)
    store.upsert(passages, vectors, "synthetic")
    return vectors


def _qdrant_own_search(store: VectorStore, query, limit, filters=None, threshold=None) -> list[tuple[str, float]]:
    from embeddings.filters import build_filter

    points = store.client.query_points(store.collection, query=[float(x) for x in query], limit=limit,
                                       query_filter=build_filter(filters), score_threshold=threshold,
                                       with_payload=True).points
    return [(p.payload["identifier"], round(p.score, 5)) for p in points]


def _ours(hits) -> list[tuple[str, float]]:
    return [(h.identifier, round(h.score, 5)) for h in hits]


@pytest.mark.parametrize(
    ("filters", "threshold"),
    [(None, None), ({"language": ["en"]}, None), ({"type": ["meeting"], "year": [2003, 2005]}, None),
     ({"language": ["fr"]}, 0.45), ({"identifier": ["R-7", "R-300", "R-301"]}, None)],
)
def test_local_search_ranks_exactly_as_qdrants_own_local_search(local_store, filters, threshold):
    vectors = _synthetic(local_store, 400)
    local_store.delete_pages([int(i) for i in range(0, 400, 9)])  # deleted points must never come back
    rng = np.random.default_rng(11)
    for query in rng.standard_normal((5, vectors.shape[1])):
        expected = _qdrant_own_search(local_store, query, 25, filters, threshold)
        got = _ours(local_store.search(query, 25, filters, score_threshold=threshold))
        assert got == expected
        assert threshold is None or len(got) < 25  # the threshold did cut the list
        assert not {identifier for identifier, _ in got} & {f"R-{i}" for i in range(0, 400, 9)}


def test_local_search_after_reopening_and_rewriting_points(local_store):
    vectors = _synthetic(local_store, 120)
    local_store.close()
    reopened = VectorStore(path=local_store.path, collection="test")
    rewritten = [Passage(id="p5", page_id=5, identifier="R-5", type="decision", language="en", title="moved",
                         text="moved", year=2024)]
    reopened.upsert(rewritten, -vectors[7:8], "synthetic")  # p5 now points where p7 is farthest from
    query = -vectors[7]
    assert _ours(reopened.search(query, 10)) == _qdrant_own_search(reopened, query, 10)
    assert reopened.search(query, 1)[0].identifier == "R-5" and reopened.search(query, 1)[0].payload["year"] == 2024
    reopened.close()


def test_local_search_falls_back_to_the_public_api_when_the_internals_are_not_found(local_store, monkeypatch):
    from embeddings import store as store_module

    vectors = _synthetic(local_store, 200)
    query = vectors[3] + vectors[4]
    filters = {"type": ["notification"], "language": ["en"]}
    direct = _ours(local_store.search(query, 12, filters))
    monkeypatch.setattr(store_module._LocalArrays, "of", classmethod(lambda cls, client, name: None))
    assert _ours(local_store.search(query, 12, filters)) == direct
    assert _ours(local_store.search(query, 12)) == _qdrant_own_search(local_store, query, 12)
