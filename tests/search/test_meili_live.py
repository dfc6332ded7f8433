"""The shared engine contract against a real Meilisearch (set MEILISEARCH_URL, optional MEILISEARCH_API_KEY)."""

from __future__ import annotations

import os
import uuid

import pytest
from contract import EngineContract, RecordCountContract

from search.engines.meili import MeiliEngine

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not os.environ.get("MEILISEARCH_URL"),
                       reason="live Meilisearch suite: set MEILISEARCH_URL to run it against a real server"),
]


@pytest.fixture
def engine():
    engine = MeiliEngine(os.environ["MEILISEARCH_URL"], os.environ.get("MEILISEARCH_API_KEY"),
                         index_uid=f"test_{uuid.uuid4().hex[:12]}")
    engine.configure()
    yield engine
    engine.client.delete_index(engine.uid)


class TestMeiliContract(EngineContract, RecordCountContract):
    pass
