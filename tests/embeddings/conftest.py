"""Shared fixtures: the real small model (loaded once per test session) and an embedded (Qdrant Edge) store."""

from __future__ import annotations

import pytest

from embeddings.embedder import DEV_MODEL, Embedder
from embeddings.store import VectorStore


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder(DEV_MODEL)


@pytest.fixture
def edge_store(tmp_path):
    store = VectorStore(path=str(tmp_path / "qdrant"), collection="test")
    yield store
    store.close()
