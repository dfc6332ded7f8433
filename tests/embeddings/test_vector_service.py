"""The vector service (`manage.py vector_service`): the shared contract through qdrant-client, over HTTP, against
a real service process that owns an Edge shard; requests outside the supported subset; its shard snapshot."""

from __future__ import annotations

import uuid

import httpx
import pytest
from emb_samples import SAMPLE_DOCS
from service_process import vector_service
from store_contract import StoreContract

from embeddings import snapshot
from embeddings.indexer import sync_pages
from embeddings.passages import build_passages
from embeddings.store import VectorStore


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("service")
    with vector_service(folder / "qdrant", folder / "service.log") as url:
        yield url


def _store(url: str) -> VectorStore:
    return VectorStore(url=url, collection=f"t{uuid.uuid4().hex[:10]}")


class TestThroughTheService(StoreContract):
    @pytest.fixture
    def store(self, service):
        store = _store(service)
        yield store
        store.clear()
        store.close()


def test_the_service_says_what_it_does_not_support(service):
    store = _store(service)
    store.ensure_collection("m", 4)
    body = {"query": [0.1, 0.2, 0.3, 0.4], "limit": 3, "filter": {"should": [{"key": "type", "match": {"value": "x"}}]}}
    response = httpx.post(f"{service}/collections/{store.collection}/points/query", json=body)
    assert response.status_code == 400 and "should" in response.json()["status"]["error"]
    response = httpx.put(f"{service}/collections/{store.collection}/index",
                         json={"field_name": "title", "field_schema": "text"})
    assert response.status_code == 400 and "keyword and integer" in response.json()["status"]["error"]
    missing = httpx.post(f"{service}/collections/nope-{uuid.uuid4().hex[:6]}/points/count", json={})
    assert missing.status_code == 404 and "doesn't exist" in missing.json()["status"]["error"]
    store.clear()


def test_a_shard_snapshot_from_the_service_restores_into_a_fresh_edge_store(service, embedder, tmp_path):
    store = _store(service)
    sync_pages(store, embedder, build_passages(SAMPLE_DOCS))
    query = embedder.encode_query("money mobilized per year")
    expected = [(h.id, round(h.score, 4)) for h in store.search(query, 5)]
    archive = tmp_path / "passages.snapshot"
    info = snapshot.download(service, store.collection, archive)
    assert info["collection_metadata"] == {"model_id": embedder.model_id, "dim": embedder.dim}
    assert snapshot.restore_edge(archive, tmp_path / "restored", "passages") == len(SAMPLE_DOCS)
    restored = VectorStore(path=str(tmp_path / "restored"), collection="passages")
    assert [(h.id, round(h.score, 4)) for h in restored.search(query, 5)] == expected
    assert restored.collection_model() == info["collection_metadata"]
    assert sync_pages(restored, embedder, build_passages(SAMPLE_DOCS)).embedded == 0  # checksums came along
    restored.close()
    store.clear()
