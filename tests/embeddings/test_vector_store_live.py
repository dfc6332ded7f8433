"""The same flows against a real Qdrant server; runs only when QDRANT_URL is set (e.g. http://127.0.0.1:6333)."""

from __future__ import annotations

import os
import uuid

import pytest
from emb_samples import SAMPLE_DOCS

from embeddings.indexer import sync_pages
from embeddings.passages import build_passages
from embeddings.store import VectorStore

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not os.environ.get("QDRANT_URL"), reason="QDRANT_URL not set: no live Qdrant server to test"),
]


@pytest.fixture
def live_store():
    store = VectorStore(url=os.environ["QDRANT_URL"], collection=f"test-{uuid.uuid4().hex[:8]}")
    yield store
    store.clear()
    store.close()


def test_sync_search_filter_and_delete_on_a_real_server(live_store, embedder):
    assert sync_pages(live_store, embedder, build_passages(SAMPLE_DOCS)).embedded == len(SAMPLE_DOCS)
    info = live_store.client.get_collection(live_store.collection)
    assert {"identifier", "page_id", "year"} <= set(info.payload_schema)
    hits = live_store.search(embedder.encode_query("money mobilized per year"), 3, {"type": ["gbf-target"]})
    assert [h.identifier for h in hits] == ["GBF-TARGET-19"]
    assert sync_pages(live_store, embedder, build_passages(SAMPLE_DOCS)).embedded == 0
    live_store.delete_pages([1])
    assert live_store.count() == len(SAMPLE_DOCS) - 2
