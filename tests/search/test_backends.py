from types import SimpleNamespace

import pytest

from search.engine import SearchEngine
from search.engines import engine_from_settings
from search.engines.embedded import EmbeddedEngine
from search.engines.meili import MeiliEngine


def test_embedded_is_the_default(tmp_path):
    engine = engine_from_settings(SimpleNamespace(SEARCH_INDEX_DIR=str(tmp_path)))
    assert isinstance(engine, EmbeddedEngine) and isinstance(engine, SearchEngine)
    assert engine.path == tmp_path


def test_meilisearch_needs_its_url():
    with pytest.raises(ValueError, match="MEILISEARCH_URL"):
        engine_from_settings(SimpleNamespace(SEARCH_ENGINE="meilisearch"))
    engine = engine_from_settings(SimpleNamespace(SEARCH_ENGINE="meilisearch", MEILISEARCH_URL="http://127.0.0.1:7700"))
    assert isinstance(engine, MeiliEngine) and isinstance(engine, SearchEngine) and engine.uid == "cbd_records"


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown SEARCH_ENGINE"):
        engine_from_settings(SimpleNamespace(SEARCH_ENGINE="solr"))
