"""The embedded Qdrant Edge store, for real: the shared contract, one owner per folder, the HNSW graph."""

from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest
from store_contract import StoreContract, synthetic

from embeddings import edge_rebuild
from embeddings.passages import Passage
from embeddings.store import StoreLockedError, VectorStore


class TestEdgeStore(StoreContract):
    @pytest.fixture
    def store(self, edge_store):
        return edge_store


def test_store_needs_exactly_one_location():
    with pytest.raises(ValueError):
        VectorStore()
    with pytest.raises(ValueError):
        VectorStore(url="http://127.0.0.1:6333", path="/tmp/x")


def test_a_second_process_gets_a_clear_error_naming_the_owner(edge_store):
    synthetic(edge_store, 10)
    code = ("from embeddings.store import VectorStore, StoreLockedError\n"
            f"s = VectorStore(path={edge_store.path!r}, collection='test')\n"
            "try:\n    s.count()\nexcept StoreLockedError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "owned by process" in out.stdout and "vector_service" in out.stdout, out.stderr[-800:]
    import os

    assert str(os.getpid()) in out.stdout


def test_the_folder_is_free_again_once_its_owner_closes(edge_store):
    synthetic(edge_store, 10)
    other = VectorStore(path=edge_store.path, collection="test")
    with pytest.raises(StoreLockedError):  # even another object in the same process: one owner per folder
        other.count()
    edge_store.close()
    assert other.count() == 10
    other.close()


def test_hnsw_search_after_optimising_agrees_with_exact_search(edge_store):
    """Past the full-scan threshold the graph answers; on clustered data its top 10 matches exact search."""
    rng = np.random.default_rng(2)
    centres = rng.standard_normal((40, 384)).astype(np.float32)
    vectors = centres[rng.integers(0, 40, 8_000)] + 0.35 * rng.standard_normal((8_000, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    passages = [Passage(id=f"p{i}", page_id=i, identifier=f"R-{i}", type="notification", language="en",
                        title="", text="") for i in range(len(vectors))]
    edge_store.ensure_collection("synthetic", 384)
    edge_store.upsert(passages, vectors, "synthetic", skip_unchanged=False)
    backend = edge_store.backend
    points, indexed = backend.points()
    assert points == 8_000 and indexed == 8_000  # past the indexing threshold (10 MB of vectors): graph built
    overlap = []
    for query in vectors[:20] + 0.1:
        graph = {pid for pid, _, _ in backend.query(query, 10, {}, None)}
        exact = {pid for pid, _, _ in backend.query(query, 10, {}, None, exact=True)}
        overlap.append(len(graph & exact) / 10)
    assert np.mean(overlap) >= 0.95


def test_rebuilding_aside_keeps_every_write_and_answers_meanwhile(edge_store, monkeypatch):
    """The service's rebuild: a child process optimises a copy while this one keeps writing and searching."""
    vectors = synthetic(edge_store, 2_000)
    backend = edge_store.backend
    first_dir = backend.shard_path()
    done = threading.Event()
    outcome: list = []
    thread = threading.Thread(target=lambda: (outcome.append(backend.optimize_aside()), done.set()))
    thread.start()
    written_during, searched = 0, 0
    extra = 0
    while not done.is_set() or extra == 0:
        page = 10_000 + extra
        edge_store.upsert([Passage(id=f"x{extra}", page_id=page, identifier=f"X-{extra}", type="decision",
                                   language="en", title="", text="")], vectors[extra:extra + 1] * -1, "synthetic")
        written_during += backend.journal is not None
        searched += len(edge_store.search(vectors[3], 5)) == 5
        extra += 1
    thread.join()
    assert outcome == [True] and written_during >= 1 and searched == extra
    assert backend.shard_path() != first_dir
    assert edge_store.count() == 2_000 + extra  # nothing written during the rebuild was lost
    assert edge_store.search(-vectors[0], 1, {"identifier": ["X-0"]})[0].identifier == "X-0"
    monkeypatch.setattr(edge_rebuild, "OLD_SHARD_GRACE_SECONDS", 0)
    reopened = VectorStore(path=edge_store.path, collection="test")
    edge_store.close()
    assert reopened.count() == 2_000 + extra
    reopened.close()


def test_a_store_whose_payload_indexes_were_built_in_ram_filters_alike_once_reopened(edge_store):
    """Shards built before the indexes were memory-mapped (slow to open) are converted when first opened."""
    import qdrant_edge as qe

    from embeddings import collection as spec
    from embeddings.edge_backend import INDEX_MEMORY

    vectors = synthetic(edge_store, 300)
    shard_dir = edge_store.backend.shard_path()
    edge_store.close()
    old = qe.EdgeShard.load(str(shard_dir))  # the indexes as the first Edge release created them
    for field, schema in spec.PAYLOAD_INDEXES.items():
        kind = qe.PayloadSchemaType.Keyword if schema == "keyword" else qe.PayloadSchemaType.Integer
        old.update(qe.UpdateOperation.create_field_index(field, kind))
    old.flush()
    old.close()
    reopened = VectorStore(path=edge_store.path, collection="test")
    hits = reopened.search(vectors[4], 50, {"type": ["meeting"], "year": [2004]})
    assert hits and {(h.type, h.year) for h in hits} == {("meeting", 2004)}
    assert reopened.count({"page_id": [4, 7, 9]}) == 3
    schema = reopened.backend.shard.info().payload_schema
    assert {field: schema[field].params.memory for field in spec.PAYLOAD_INDEXES} == {
        field: INDEX_MEMORY for field in spec.PAYLOAD_INDEXES}
    reopened.close()
