"""Behaviour every VectorStore backend must show, written once and run against each.

Subclass ``StoreContract`` and provide a ``store`` fixture: an empty store whose collection nobody else uses, and
``reopen(store)`` returning a new store object on the same collection. It runs against the embedded Qdrant Edge
shard (test_vector_store_edge.py), the documented server HTTP contract (test_vector_store_contract.py, a recording
stand-in), the vector service that owns an Edge shard for other processes (test_vector_service.py), and a real
Qdrant server when QDRANT_URL is set (test_vector_store_live.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from emb_samples import SAMPLE_DOCS

from embeddings.indexer import sync_pages
from embeddings.passages import Passage, build_passages
from embeddings.store import VectorStore


def _ids(hits) -> list[str]:
    return [h.identifier for h in hits]


def synthetic(store: VectorStore, count: int, dim: int = 16, seed: int = 5) -> np.ndarray:
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


class StoreContract:
    def reopen(self, store: VectorStore) -> VectorStore:
        store.close()
        return VectorStore(url=store.url, path=store.path, collection=store.collection)

    @pytest.fixture
    def indexed(self, store, embedder):
        sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
        return store

    def test_a_question_finds_the_record_that_answers_it(self, indexed, embedder):
        hits = indexed.search(embedder.encode_query("how much money must be mobilized each year"), limit=3)
        assert hits[0].identifier == "GBF-TARGET-19"
        assert hits[0].payload["url"] == "/records/GBF-TARGET-19" and hits[0].score > hits[-1].score

    def test_a_paragraph_hit_carries_its_paragraph_code_and_anchor(self, indexed, embedder):
        hits = indexed.search(embedder.encode_query("traditional knowledge of indigenous and local communities"), 1)
        assert (hits[0].paragraph_code, hits[0].anchor) == ("cbd-08/j", "para-j")

    def test_filters_restrict_results(self, indexed, embedder):
        query = embedder.encode_query("biodiversity")
        assert set(_ids(indexed.search(query, 10, {"type": ["notification"]}))) == {"2024-001", "2025-096"}
        assert _ids(indexed.search(query, 10, {"year": ["2024"]})) == ["2024-001"]
        assert _ids(indexed.search(query, 10, {"subject": ["CBD-SUBJECT-BBI"]})) == ["2024-001"]
        assert _ids(indexed.search(query, 10, {"gbf_target": ["GBF-TARGET-19"], "type": ["gbf-target"]})) == [
            "GBF-TARGET-19"]
        assert indexed.count({"identifier": ["cbd-08"]}) == 2
        with pytest.raises(ValueError, match="unknown filter"):
            indexed.search(query, 10, {"tpye": ["decision"]})

    def test_resync_of_unchanged_pages_embeds_nothing(self, indexed, embedder):
        report = sync_pages(indexed, embedder, build_passages(SAMPLE_DOCS))
        assert (report.embedded, report.payload_updated, report.unchanged) == (0, 0, len(SAMPLE_DOCS))
        assert indexed.count() == len(SAMPLE_DOCS)

    def test_metadata_edit_rewrites_payload_but_keeps_the_vector(self, indexed, embedder):
        before = indexed.vectors(["p3"])["p3"]
        edited = [{**d, "status": "superseded"} for d in SAMPLE_DOCS if d["page_id"] == 3]
        report = sync_pages(indexed, embedder, build_passages(edited), page_ids=[3])
        assert (report.embedded, report.payload_updated) == (0, 1)
        (payload,) = indexed.payloads({"page_id": [3]}, ["status"])
        assert payload["status"] == "superseded" and np.allclose(indexed.vectors(["p3"])["p3"], before, atol=1e-6)

    def test_text_edit_reembeds_only_that_passage_and_removed_paragraphs_disappear(self, indexed, embedder):
        page1 = [{**SAMPLE_DOCS[0], "text": "Each Contracting Party shall establish marine protected areas."}]
        report = sync_pages(indexed, embedder, build_passages(page1), page_ids=[1])
        assert (report.embedded, report.deleted) == (1, 1)  # the record re-embedded, paragraph (j) gone
        assert indexed.count({"page_id": [1]}) == 1
        assert indexed.existing_checksums([2, 3, 4]).keys() == {"p2", "p3", "p4"}

    def test_delete_pages_removes_every_passage_of_the_page(self, indexed):
        indexed.delete_pages([1, 4])
        assert indexed.count() == len(SAMPLE_DOCS) - 3
        assert set(indexed.fingerprints()) == {"p2", "p3"}

    def test_upsert_skips_points_whose_checksum_is_unchanged(self, indexed, embedder):
        passages = build_passages(SAMPLE_DOCS)
        vectors = embedder.encode_passages([p.embed_text for p in passages])
        assert indexed.upsert(passages, vectors, embedder.model_id) == 0
        assert indexed.upsert(passages, vectors, "another-model") == len(passages)

    def test_switching_model_recreates_the_collection(self, indexed, embedder):
        assert indexed.ensure_collection(embedder.model_id, embedder.dim) is False
        assert indexed.ensure_collection("intfloat/multilingual-e5-small", 384) is True
        assert indexed.count() == 0
        assert indexed.collection_model() == {"model_id": "intfloat/multilingual-e5-small", "dim": 384}
        # The next sync under the new model re-embeds everything, because no checksum survived.
        assert sync_pages(indexed, embedder, build_passages(SAMPLE_DOCS)).embedded == len(SAMPLE_DOCS)

    def test_fingerprints_match_the_payload_checksums(self, indexed, embedder):
        expected = {p.id: p.payload(embedder.model_id)["checksum"] for p in build_passages(SAMPLE_DOCS)}
        assert indexed.fingerprints() == expected

    def test_vectors_survive_closing_and_reopening(self, indexed, embedder):
        reopened = self.reopen(indexed)  # e.g. the web process restarts
        assert reopened.count() == len(SAMPLE_DOCS)
        assert reopened.search(embedder.encode_query("Bio-Bridge Initiative"), 1)[0].identifier == "2024-001"
        assert sync_pages(reopened, embedder, build_passages(SAMPLE_DOCS)).embedded == 0
        reopened.close()

    def test_an_empty_or_missing_collection_answers_empty(self, store, embedder):
        assert store.count() == 0 and store.fingerprints() == {} and store.existing_checksums([1]) == {}
        store.delete_pages([1])  # nothing to delete is not an error
        assert store.collection_model() is None

    def test_filtered_search_finds_matches_anywhere_in_the_collection(self, store):
        vectors = synthetic(store, 300)
        query = -vectors[299]  # R-299 is the farthest point: a filter on it must still find it
        assert _ids(store.search(query, 1, {"identifier": ["R-299"]})) == ["R-299"]
        wide = store.search(query, 5, {"year": [2001, 2003]})
        assert wide and {h.payload["year"] for h in wide} <= {2001, 2003}
        assert [h.score for h in wide] == sorted((h.score for h in wide), reverse=True)

    def test_score_threshold_keeps_only_closer_points(self, store):
        vectors = synthetic(store, 120)
        hits = store.search(vectors[7], 50, score_threshold=0.3)
        assert hits[0].identifier == "R-7" and abs(hits[0].score - 1.0) < 1e-4
        assert all(h.score > 0.3 for h in hits) and len(hits) < 50
