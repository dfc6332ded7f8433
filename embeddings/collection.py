"""The one definition of the passage collection, shared by both backends (Qdrant Edge and a Qdrant server).

Vector size comes from the model; distance, HNSW parameters and the payload indexes are fixed here, so the
embedded shard and a server collection are built alike, and a snapshot of one can seed the other.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_POINT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.cbd.int/knowledge-hub/passages")

DISTANCE = "Cosine"
HNSW_M = 16
HNSW_EF_CONSTRUCT = 128
# A segment gets an HNSW graph once its vectors pass INDEXING_THRESHOLD_KB, and segments below
# FULL_SCAN_THRESHOLD_KB are searched exactly (~6,600 passages at 384 d): a Qdrant server's defaults, kept here.
INDEXING_THRESHOLD_KB = 10_000
FULL_SCAN_THRESHOLD_KB = 10_000
# Search-time beam (Qdrant's default is ef_construct, 128). bench/bench_embeddings.py measured recall@10 against
# exact search on 101,017 real-derived passages: 0.974 at the default, 0.983 at 256 (0.995 / 0.998 at 11k): 256 is
# the smallest value tried that reaches 0.98 at 100k. Sent to a server too, so both backends search alike.
HNSW_EF: int | None = 256

# Payload fields the API filters on (identifier, type, language, GBF target, year...) and page_id, by which the
# sync deletes and reads a page's passages. "keyword" or "integer", as the REST API names the schemas.
PAYLOAD_INDEXES: dict[str, str] = {
    "identifier": "keyword",
    "type": "keyword",
    "language": "keyword",
    "page_id": "integer",
    "gbf_targets": "keyword",
    "subjects": "keyword",
    "meetings": "keyword",
    "status": "keyword",
    "year": "integer",
}


class StoreLockedError(RuntimeError):
    """The embedded store folder is owned by another process (a Qdrant Edge shard has one owner)."""


def point_id(passage_id: str) -> str:
    """Deterministic UUID of a passage: re-indexing overwrites instead of duplicating."""
    return str(uuid.uuid5(_POINT_NAMESPACE, passage_id))


def model_metadata(model_id: str, dim: int) -> dict[str, Any]:
    """What the collection records about the vectors in it (a model switch recreates the collection)."""
    return {"model_id": model_id, "dim": dim}


@dataclass(frozen=True)
class PassageHit:
    id: str
    score: float
    payload: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        # identifier, paragraph_code, anchor, url, text... read straight from the payload (fusion duck-types).
        try:
            return self.payload[name]
        except KeyError:
            raise AttributeError(name) from None
