"""The server backend: qdrant-client against a Qdrant server (production) or the vector service (several processes).

Only qdrant-client's public API is used. The requests are the documented REST shapes that
``tests/embeddings/fake_qdrant.py`` checks and that ``embeddings.service`` answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from qdrant_client import QdrantClient
from qdrant_client import models as qm

from embeddings import collection as spec
from embeddings.filters import build_filter

UPSERT_BATCH = 256
SCROLL_PAGE = 1024
_SCHEMAS = {"keyword": qm.PayloadSchemaType.KEYWORD, "integer": qm.PayloadSchemaType.INTEGER}


class ServerBackend:
    mode = "server"

    def __init__(self, url: str, name: str, *, api_key: str | None = None, timeout: int = 10) -> None:
        self.url, self.name = url, name
        self.client = QdrantClient(url=url, api_key=api_key, timeout=timeout)

    def close(self) -> None:
        self.client.close()

    # --- collection -------------------------------------------------------------------------------------
    def exists(self) -> bool:
        return bool(self.client.collection_exists(self.name))

    def metadata(self) -> dict[str, Any] | None:
        if not self.exists():
            return None
        return dict(self.client.get_collection(self.name).config.metadata or {})

    def create(self, dim: int, metadata: Mapping[str, Any]) -> None:
        self.client.create_collection(
            self.name,
            vectors_config=qm.VectorParams(size=dim, distance=qm.Distance(spec.DISTANCE)),
            hnsw_config=qm.HnswConfigDiff(m=spec.HNSW_M, ef_construct=spec.HNSW_EF_CONSTRUCT),
            metadata=dict(metadata),
        )
        for field, schema in spec.PAYLOAD_INDEXES.items():
            self.client.create_payload_index(self.name, field_name=field, field_schema=_SCHEMAS[schema])

    def drop(self) -> None:
        if self.exists():
            self.client.delete_collection(self.name)

    # --- writes -----------------------------------------------------------------------------------------
    def upsert(self, ids: Sequence[str], vectors: np.ndarray, payloads: Sequence[Mapping[str, Any]]) -> None:
        points = [qm.PointStruct(id=pid, vector=vector.tolist(), payload=dict(payload))
                  for pid, vector, payload in zip(ids, vectors, payloads, strict=True)]
        for start in range(0, len(points), UPSERT_BATCH):
            self.client.upsert(self.name, points=points[start:start + UPSERT_BATCH], wait=True)

    def overwrite_payloads(self, items: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        operations = [qm.OverwritePayloadOperation(overwrite_payload=qm.SetPayload(payload=dict(p), points=[pid]))
                      for pid, p in items]
        for start in range(0, len(operations), UPSERT_BATCH):
            self.client.batch_update_points(self.name, operations[start:start + UPSERT_BATCH])

    def delete_ids(self, ids: Sequence[str]) -> None:
        self.client.delete(self.name, points_selector=qm.PointIdsList(points=list(ids)), wait=True)

    def delete_where(self, filters: Mapping[str, Sequence[Any]]) -> None:
        self.client.delete(self.name, points_selector=build_filter(filters), wait=True)

    # --- reads ------------------------------------------------------------------------------------------
    def query(self, vector: np.ndarray, limit: int, filters: Mapping[str, Sequence[Any]],
              score_threshold: float | None) -> list[tuple[str, float, Mapping[str, Any]]]:
        response = self.client.query_points(
            self.name, query=[float(x) for x in vector], query_filter=build_filter(filters), limit=limit,
            with_payload=True, score_threshold=score_threshold,
            search_params=qm.SearchParams(hnsw_ef=spec.HNSW_EF) if spec.HNSW_EF else None,
        )
        return [(str(p.id), float(p.score), p.payload or {}) for p in response.points]

    def count(self, filters: Mapping[str, Sequence[Any]]) -> int:
        return int(self.client.count(self.name, count_filter=build_filter(filters), exact=True).count)

    def scroll(self, filters: Mapping[str, Sequence[Any]], fields: Sequence[str]) -> Iterator[Mapping[str, Any]]:
        offset = None
        flt = build_filter(filters)
        while True:
            records, offset = self.client.scroll(self.name, scroll_filter=flt, limit=SCROLL_PAGE, offset=offset,
                                                 with_payload=list(fields))
            for record in records:
                yield record.payload or {}
            if offset is None:
                return

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        records = self.client.retrieve(self.name, ids=list(ids), with_vectors=True)
        return {str(r.id): np.asarray(r.vector, dtype=np.float32) for r in records}
