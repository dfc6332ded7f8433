"""The embedder loads the real small model offline and produces vectors that rank by meaning."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from embeddings.embedder import DEV_MODEL, Embedder, EmbedderError, profile_for, resolve_model

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter so nothing is cached: any socket use raises and is reported.
NO_NETWORK = textwrap.dedent(
    """
    import socket, sys
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from embeddings.embedder import Embedder, EmbedderError
    model = sys.argv[1]
    try:
        vectors = Embedder(model).encode_passages(["Conservation of biological diversity"])
        print("shape", vectors.shape)
    except EmbedderError as exc:
        print("unavailable", exc)
    print("attempts", len(attempts))
    """
)


def _run_offline(model: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, model], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_installed_package_model_loads_and_encodes_without_any_socket():
    out = _run_offline(DEV_MODEL)
    assert "shape (1, 384)" in out
    assert "attempts 0" in out


def test_uncached_hub_model_fails_clearly_without_touching_the_network():
    out = _run_offline("intfloat/this-model-is-not-in-the-cache")
    assert "unavailable" in out and "not available offline" in out
    assert "attempts 0" in out


def test_vectors_are_normalised_float32_with_the_model_dimension(embedder):
    vectors = embedder.encode_passages(["in-situ conservation", "access and benefit-sharing", "biosafety"])
    assert embedder.dim == 384
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_matrix(embedder):
    assert embedder.encode_passages([]).shape == (0, 384)


def test_a_paraphrase_scores_higher_than_an_unrelated_text(embedder):
    query = embedder.encode_query("money for biodiversity every year")
    passages = embedder.encode_passages(
        [
            "Mobilizing at least 200 billion United States dollars per year from all sources by 2030.",
            "The Cartagena Protocol regulates transboundary movements of living modified organisms.",
        ]
    )
    scores = passages @ query
    assert scores[0] > scores[1] + 0.1


def test_batching_does_not_change_the_vectors(embedder):
    texts = [f"Aichi Biodiversity Target {n}" for n in range(1, 11)]
    small = Embedder(DEV_MODEL, batch_size=3).encode_passages(texts)
    np.testing.assert_allclose(small, embedder.encode_passages(texts), atol=1e-5)


def test_model_is_loaded_once_per_process(embedder):
    assert Embedder(DEV_MODEL).model is embedder.model


def test_prefix_registry_follows_the_model_family():
    assert (profile_for("intfloat/multilingual-e5-small").query_prefix, profile_for("e5").passage_prefix) == (
        "query: ",
        "passage: ",
    )
    assert profile_for("BAAI/bge-small-en-v1.5").query_prefix.startswith("Represent this sentence")
    assert profile_for("BAAI/bge-m3").query_prefix == ""
    assert profile_for(DEV_MODEL).query_prefix == ""


def test_prefixes_are_applied_to_queries_and_passages(embedder):
    prefixed = Embedder(DEV_MODEL, query_prefix="query: ", passage_prefix="passage: ")
    np.testing.assert_allclose(
        prefixed.encode_queries(["protected areas"]), embedder.encode_passages(["query: protected areas"]), atol=1e-5
    )


def test_a_local_directory_is_a_valid_model_setting(tmp_path):
    package_dir, is_local = resolve_model(DEV_MODEL)
    assert is_local and (Path(package_dir) / "modules.json").is_file()
    assert resolve_model(package_dir) == (package_dir, True)
    with pytest.raises(EmbedderError, match="no sentence-transformers model"):
        resolve_model(str(tmp_path))


BLAS_THREADS = textwrap.dedent(
    """
    import numpy, threadpoolctl
    def blas():
        return sorted({i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"})
    print("before", blas())
    from embeddings.embedder import DEV_MODEL, Embedder
    Embedder(DEV_MODEL).encode_query("warm up")
    import torch
    print("after", blas(), "torch", torch.get_num_threads())
    """
)


def test_loading_the_model_leaves_the_cores_to_torch():
    """NumPy's BLAS threads spinning beside torch's made query encoding ~8x slower at p95 (bench_hybrid)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    result = subprocess.run([sys.executable, "-c", BLAS_THREADS], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "before [2]" in result.stdout and "after [1] torch 2" in result.stdout, result.stdout


def test_queries_encoded_at_once_from_several_threads_give_the_same_vectors_and_leave_torch_its_threads(embedder):
    """A request encodes its query on one torch thread; batch encodes (reindex) get every thread back after."""
    from concurrent.futures import ThreadPoolExecutor

    import torch

    texts = [f"national reports on marine restoration {i}" for i in range(24)]
    expected = embedder.encode_queries(texts)
    threads_before = torch.get_num_threads()
    with ThreadPoolExecutor(4) as pool:
        vectors = list(pool.map(embedder.encode_query, texts))
    assert np.allclose(np.stack(vectors), expected, atol=1e-5)
    assert torch.get_num_threads() == threads_before


# --- query encoding: the direct path, the query cache, fp16 weights -----------------------------------------
REAL_QUERIES = [  # from bench/sets/queries.jsonl
    "money for biodiversity every year",
    "protected areas coverage target",
    "access and benefit-sharing of genetic resources",
    "invasive alien species management",
]


def test_a_query_encodes_to_the_vector_a_batch_encode_gives(embedder):
    """encode_query skips sentence-transformers' encode(); the vector must not change."""
    fresh = Embedder(DEV_MODEL, query_cache=0)
    for text in REAL_QUERIES:
        np.testing.assert_allclose(fresh.encode_query(text), embedder.encode_queries([text])[0], atol=1e-5)


def test_a_repeated_query_gets_the_same_vector_from_the_cache():
    cached = Embedder(DEV_MODEL, query_cache=8)
    first = cached.encode_query("marine protected areas")
    again = cached.encode_query("  marine   protected areas ")  # the same query, spaced differently
    assert again is first and cached.query_cache.hits == 1
    np.testing.assert_allclose(first, Embedder(DEV_MODEL, query_cache=0).encode_query("marine protected areas"),
                               atol=1e-6)
    with pytest.raises(ValueError):  # every caller shares the cached array: nobody may change it
        first *= 2


def test_the_query_cache_is_bounded_and_drops_the_least_recently_used():
    cached = Embedder(DEV_MODEL, query_cache=3)
    for text in ("wetlands", "coral reefs", "forests"):
        cached.encode_query(text)
    cached.encode_query("wetlands")  # used again: now the most recent
    cached.encode_query("mangroves")  # a fourth query: "coral reefs" goes
    assert len(cached.query_cache) == 3
    hits = cached.query_cache.hits
    cached.encode_query("wetlands")
    assert cached.query_cache.hits == hits + 1
    cached.encode_query("coral reefs")
    assert cached.query_cache.hits == hits + 1  # encoded again
    assert len(cached.query_cache) == 3


def test_no_cache_when_its_size_is_zero():
    uncached = Embedder(DEV_MODEL, query_cache=0)
    uncached.encode_query("wetlands")
    assert len(uncached.query_cache) == 0 and uncached.encode_query("wetlands") is not uncached.encode_query("wetlands")


def test_fp16_weights_rank_the_same_top_passage_for_real_queries(embedder):
    passages = [
        "Mobilizing at least 200 billion United States dollars per year from all sources by 2030.",
        "Ensure that at least 30 per cent of terrestrial and marine areas are effectively conserved.",
        "Fair and equitable sharing of the benefits arising from the utilization of genetic resources.",
        "Eliminate, minimize, reduce and or mitigate the impacts of invasive alien species.",
    ]
    half = Embedder(DEV_MODEL, quantize="fp16", query_cache=0)
    assert half.model is not embedder.model  # its own copy: the float32 model stays as it was
    full_passages, half_passages = embedder.encode_passages(passages), half.encode_passages(passages)
    assert np.min(np.sum(full_passages * half_passages, axis=1)) >= 0.999
    for index, text in enumerate(REAL_QUERIES):
        query = half.encode_query(text)
        assert float(query @ embedder.encode_query(text)) >= 0.999
        assert int(np.argmax(half_passages @ query)) == int(np.argmax(full_passages @ embedder.encode_query(text))) \
            == index


def test_an_unknown_quantize_setting_fails_clearly():
    with pytest.raises(EmbedderError, match="int8 was measured and rejected"):
        Embedder(DEV_MODEL, quantize="int8").encode_query("wetlands")


def test_the_runtime_reads_the_quantize_and_cache_settings():
    from embeddings.runtime import EmbeddingSettings

    class Settings:
        EMBEDDING_MODEL = DEV_MODEL
        EMBEDDING_QUANTIZE = "FP16"
        EMBEDDING_QUERY_CACHE = 0

    read = EmbeddingSettings.from_source(Settings())
    assert (read.quantize, read.query_cache) == ("fp16", 0)
