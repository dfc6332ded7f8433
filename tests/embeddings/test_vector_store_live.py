"""The shared store contract against a real Qdrant server; runs only when QDRANT_URL is set (e.g.
http://127.0.0.1:6333). It also runs against the vector service when QDRANT_URL points at one."""

from __future__ import annotations

import os
import uuid

import pytest
from store_contract import StoreContract

from embeddings.store import VectorStore

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not os.environ.get("QDRANT_URL"), reason="QDRANT_URL not set: no live Qdrant server to test"),
]


class TestLiveServer(StoreContract):
    @pytest.fixture
    def store(self):
        store = VectorStore(url=os.environ["QDRANT_URL"], collection=f"test-{uuid.uuid4().hex[:8]}")
        yield store
        store.clear()
        store.close()

    def test_the_collection_carries_the_payload_indexes(self, indexed):
        from qdrant_client import QdrantClient

        client = QdrantClient(url=indexed.url)
        assert {"identifier", "page_id", "year", "type", "language", "gbf_targets"} <= set(
            client.get_collection(indexed.collection).payload_schema)
