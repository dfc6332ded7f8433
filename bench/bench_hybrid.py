"""Hybrid search latency end to end, at real scale and at 10k/100k records, in the default (embedded) setup.

1. Real scale: the records of CBD_VAR_DIR (the demo data and its vectors, loaded by `manage.py load_demo`).
2. 10k and 100k records: the databases grown with synthetic legacy records through the real migration, with their
   lexical index, as bench/scaled_data.py prepared them under $BENCH_DATA_DIR (run it first). Each size runs in a child
   process of its own on a copy, and the prepared passages (their real or real-derived vectors and payloads) are
   stored into the embedded store of the tree measured; the build time is printed.
3. At every size, the same queries through GET /api/search/ (Django test client) in mode=lexical, semantic and
   hybrid, every answer computed afresh (response and count caches emptied before each request): p50/p95 of
   each, hybrid against lexical as a ratio; then hybrid's own parts (query encoding, the vector search that
   hybrid runs) alone; then hybrid again with its parts timed inside each request (encoding, vector search,
   lexical window, fusion, the runner, the view around it), the semantic side run after the lexical one and
   beside it alternating query by query (embeddings.modes.SEMANTIC_BESIDE_LEXICAL); and the process's resident
   memory with the store loaded; and hybrid with the query encoder swapped request by request (the old
   ``encode_query``, the direct float32 path, fp16 weights). The Edge shard built from the prepared passages is
   kept beside them (``var-<size>/qdrant-<digest of the shard's code>``) and copied by later runs
   (``--rebuild-store``: build again).
4. ``--base-tree /work/base`` runs the scaled sizes a second time with that tree's code (its local store), on the
   same data, queries and vectors, so both stores are compared in the same run.

    CBD_VAR_DIR=/path/with/demo/data .venv/bin/python bench/bench_hybrid.py [--sizes 10000 100000] [--queries 300]
        [--skip-real]   (only the scaled sizes: needed when the demo data has no vectors, SEMANTIC_ENABLED=0)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = Path(os.environ.get("BENCH_CODE_ROOT") or ROOT)  # the tree whose code answers (the base, for part 4)
sys.path[:0] = [str(CODE), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

from bench_search_api import base_documents, load, percentiles, queries, scaled_environment  # noqa: E402
from django.test import Client  # noqa: E402
from scaled_data import BENCH_DIR  # noqa: E402

from search.engines import get_engine  # noqa: E402

MODES = ("lexical", "semantic", "hybrid")


def forget_answers(engine) -> None:
    """Every answer computed afresh: the response and count caches emptied, and the query vectors the embedder
    keeps for repeated queries (``Embedder.query_cache``: this bench asks the same queries mode after mode)."""
    from embeddings import runtime
    from search.results.response_cache import responses

    responses.clear()
    if hasattr(engine, "forget_cached_counts"):
        engine.forget_cached_counts()
    runtime.get_embedder().query_cache.clear()


def time_mode(qs: list[dict], mode: str) -> list[float]:
    """Per-request latency of one mode, each answer computed afresh."""

    client = Client()
    engine = get_engine()
    for params in qs[:20]:  # warm the model, the store and the readers
        client.get("/api/search/", {**params, "mode": mode})
    samples = []
    for params in qs:
        forget_answers(engine)
        started = time.perf_counter()
        response = client.get("/api/search/", {**params, "mode": mode})
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (mode, params, response.content[:200])
    return samples


class PartTimer:
    """Where a hybrid request's time goes, measured inside the real requests: the query encoding, the vector
    search, the lexical window and the fusion that ``embeddings.modes.hybrid`` runs, and the hybrid runner as a
    whole (each wrapped for the run, summed per request, with how often each ran). The encoding and the vector
    search may run beside the lexical window (embeddings.modes.SEMANTIC_BESIDE_LEXICAL), so the parts can add up
    to more than the runner. The view's own work (parameters, grouping, language versions, counts, JSON) is the
    request minus the runner."""

    PARTS = ("encode query", "vector search", "lexical window", "fusion", "hybrid runner")

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.counted: dict[str, int] = dict.fromkeys(self.PARTS, 0)
        # per setting compared: part -> per-request milliseconds; part -> calls
        self.samples: dict[str, dict[str, list[float]]] = {}
        self.calls: dict[str, dict[str, int]] = {}
        self._undo: list = []

    def _wrap(self, owner: object, name: str, part: str) -> None:
        if isinstance(owner, dict):  # a registry: the entry is replaced, then put back
            original = owner[name]
            owner[name] = self._timed(original, part)
            self._undo.append((owner, name, original, True))
            return
        original = getattr(owner, name)

        self._undo.append((owner, name, original, name in vars(owner)))
        setattr(owner, name, self._timed(original, part))

    def _timed(self, original, part: str):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.current[part] = self.current.get(part, 0.0) + (time.perf_counter() - started) * 1000
                self.counted[part] += 1

        return timed

    def __enter__(self) -> PartTimer:
        from embeddings import modes, runtime

        self._wrap(runtime.get_embedder(), "encode_query", "encode query")
        self._wrap(runtime.get_store(), "search", "vector search")
        self._wrap(modes.pipeline, "window", "lexical window")
        self._wrap(modes, "reciprocal_rank_fusion", "fusion")
        from search.retrieval import modes as retrieval_modes

        self._wrap(retrieval_modes._runners, "hybrid", "hybrid runner")
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original, own_attribute in reversed(self._undo):
            if isinstance(owner, dict):
                owner[name] = original
            elif own_attribute:  # a module's function
                setattr(owner, name, original)
            else:  # a method wrapped on the instance: the class's comes back
                delattr(owner, name)

    def request_done(self, label: str, total_ms: float) -> None:
        samples = self.samples.setdefault(label, {part: [] for part in (*self.PARTS, "view (request - runner)")})
        calls = self.calls.setdefault(label, dict.fromkeys(self.PARTS, 0))
        for part in self.PARTS:
            samples[part].append(self.current.get(part, 0.0))
            calls[part] += self.counted[part]
        samples["view (request - runner)"].append(total_ms - self.current.get("hybrid runner", 0.0))
        self.current, self.counted = {}, dict.fromkeys(self.PARTS, 0)


SETTINGS = {"one after the other": False, "semantic beside lexical": True}  # embeddings.modes.SEMANTIC_BESIDE_LEXICAL


def time_hybrid_parts(qs: list[dict]) -> tuple[dict[str, list[float]], PartTimer]:
    """mode=hybrid again, each request answered afresh, its parts timed inside the request, with the semantic
    side run after the lexical one and beside it, alternating query by query (the same load on both)."""
    from embeddings import modes

    client = Client()
    engine = get_engine()
    samples: dict[str, list[float]] = {label: [] for label in SETTINGS}
    try:
        with PartTimer() as timer:
            for params in qs:
                for label, beside in SETTINGS.items():
                    modes.SEMANTIC_BESIDE_LEXICAL = beside
                    forget_answers(engine)
                    timer.current, timer.counted = {}, dict.fromkeys(timer.PARTS, 0)
                    started = time.perf_counter()
                    response = client.get("/api/search/", {**params, "mode": "hybrid"})
                    elapsed = (time.perf_counter() - started) * 1000
                    timer.request_done(label, elapsed)
                    samples[label].append(elapsed)
                    assert response.status_code == 200, (params, response.content[:200])
    finally:
        modes.SEMANTIC_BESIDE_LEXICAL = True
    return samples, timer


def time_encoders(qs: list[dict]) -> dict[str, list[float]]:
    """mode=hybrid with the query encoder swapped request by request (order rotated per query, same process and
    load): encode_query as it was (sentence-transformers' encode on one torch thread), the direct path in float32
    and with EMBEDDING_QUANTIZE=fp16; every answer computed afresh, no query cache. {} on a tree without them."""
    from embeddings import runtime
    from embeddings.embedder import Embedder, one_torch_thread

    embedder = runtime.get_embedder()
    if not hasattr(embedder, "query_cache"):
        return {}
    full = Embedder(embedder.model_id, query_cache=0)
    half = Embedder(embedder.model_id, quantize="fp16", query_cache=0)

    def old(text: str):
        with one_torch_thread():
            return full.encode_queries([text])[0]

    encoders = {"before: model.encode": old, "after: float32": full.encode_query,
                "after: fp16 weights": half.encode_query}
    client = Client()
    engine = get_engine()
    samples: dict[str, list[float]] = {label: [] for label in encoders}
    labels = list(encoders)
    try:
        for label in labels:  # warm every encoder
            embedder.encode_query = encoders[label]
            client.get("/api/search/", {**qs[0], "mode": "hybrid"})
        for i, params in enumerate(qs):
            for label in labels[i % len(labels):] + labels[:i % len(labels)]:
                embedder.encode_query = encoders[label]  # the instance's attribute shadows the method
                forget_answers(engine)
                started = time.perf_counter()
                response = client.get("/api/search/", {**params, "mode": "hybrid"})
                samples[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (params, response.content[:200])
    finally:
        del embedder.encode_query
    return samples


def time_parts(qs: list[dict]) -> dict[str, list[float]]:
    """What hybrid adds to a lexical answer: encoding the query and the vector search (depth 100, language filter)."""
    from embeddings import runtime
    from embeddings.modes import MIN_DEPTH
    from embeddings.retrieval import language_filter

    embedder = runtime.get_embedder()
    parts: dict[str, list[float]] = {"encode query": [], "vector search (100)": []}
    store = runtime.get_store()
    for params in qs:
        embedder.query_cache.clear()
        t0 = time.perf_counter()
        vector = embedder.encode_query(params["q"])
        t1 = time.perf_counter()
        store.search(vector, limit=MIN_DEPTH, filters=language_filter(params.get("lang", "en")))
        t2 = time.perf_counter()
        parts["encode query"].append((t1 - t0) * 1000)
        parts["vector search (100)"].append((t2 - t1) * 1000)
    return parts


def resident_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def vector_count() -> int:
    from embeddings import runtime

    return runtime.get_store().count()


def measure(qs: list[dict]) -> None:
    passages = vector_count()
    if not passages:  # hybrid would quietly answer lexically
        raise SystemExit("the vector store is empty: load the demo data (or reindex) first")
    print(f"  {len(qs)} queries, {passages:,} passages in the vector store ({CODE}); {load()}", flush=True)
    results = {mode: percentiles(time_mode(qs, mode)) for mode in MODES}
    lexical = results["lexical"]
    for mode, (p50, p95) in results.items():
        ratio = "" if mode == "lexical" else f"   (×{p50 / lexical[0]:.2f} / ×{p95 / lexical[1]:.2f} of lexical)"
        goal = "   goal p95 <= 60 ms at 100k" if mode == "hybrid" else ""
        print(f"  mode={mode:<9} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{ratio}{goal}", flush=True)
    for name, samples in time_parts(qs).items():
        p50, p95 = percentiles(samples)
        print(f"    {name:<22} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (alone, outside a request)")
    by_setting, timer = time_hybrid_parts(qs)
    print(f"  mode=hybrid again, its parts timed inside each request, the two settings alternating ({load()}):",
          flush=True)
    for label, samples in by_setting.items():
        p50, p95 = percentiles(samples)
        print(f"   {label}: request p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
        slowest = sorted(range(len(samples)), key=samples.__getitem__)[int(len(samples) * 0.95) - 1:]
        for name, part in timer.samples[label].items():
            p50, p95 = percentiles(part)
            tail = sum(part[i] for i in slowest) / len(slowest)
            calls = f"{timer.calls[label][name] / len(qs):.2f} calls/request" if name in timer.calls[label] else ""
            print(f"    {name:<24} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   mean in the slowest 5%: {tail:7.1f} ms   "
                  f"{calls}")
    before, after = (percentiles(by_setting[label]) for label in SETTINGS)
    print(f"   beside ÷ one after the other: p50 ×{after[0] / before[0]:.2f}, p95 ×{after[1] / before[1]:.2f}",
          flush=True)
    by_encoder = time_encoders(qs)
    if by_encoder:
        print(f"  mode=hybrid with each query encoder in turn, request by request ({load()}):", flush=True)
        b50, b95 = percentiles(next(iter(by_encoder.values())))
        for label, samples in by_encoder.items():
            p50, p95 = percentiles(samples)
            print(f"   {label:22} request p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
                  f"(×{p50 / b50:.2f} / ×{p95 / b95:.2f})", flush=True)
    print(f"  resident memory with the store loaded: {resident_mib():,.0f} MiB ({load()})", flush=True)


def stored_shard(size: int) -> Path:
    """Where the first run keeps the Edge shard it built from the prepared passages, for later runs of this tree
    to copy instead of building (minutes at 100k): named by the code that defines the shard's layout."""
    from scaled_data import prepared_dir

    digest = hashlib.sha256(b"".join((ROOT / "embeddings" / name).read_bytes()
                                     for name in ("collection.py", "edge_backend.py"))).hexdigest()[:10]
    return prepared_dir(size) / f"qdrant-{digest}"


def build_vectors(size: int) -> None:
    """In the child: load the prepared passages (vectors and payloads, bench/scaled_data.py) into the store,
    unless the parent copied the shard an earlier run built (this tree only); a new build is kept for later runs."""
    from scaled_data import load_passages

    from embeddings import runtime

    if os.environ.get("BENCH_SHARD_COPIED"):
        print(f"  the vector store: a copy of {os.environ['BENCH_SHARD_COPIED']} (built by an earlier run; "
              "--rebuild-store builds it again)", flush=True)
        return
    vectors, payloads = load_passages(size)
    store = runtime.get_store()
    store.ensure_collection(runtime.get_embedder().model_id, vectors.shape[1])
    ids = [str(__import__("embeddings.store", fromlist=["point_id"]).point_id(p["passage_id"])) for p in payloads]
    started = time.perf_counter()
    backend = getattr(store, "backend", None)
    if backend is not None:  # this tree: Qdrant Edge, the graph built once at the end (bench_embeddings times
        backend.rebuild_aside = True  # the product's rebuild-as-it-goes; here only the resulting shard matters)
        for start in range(0, len(ids), 1000):
            backend.upsert(ids[start:start + 1000], vectors[start:start + 1000], payloads[start:start + 1000])
        backend.optimize()
    else:  # the base tree: qdrant-client local mode, through its public API
        from qdrant_client import models as qm

        for start in range(0, len(ids), 256):
            store.client.upsert(store.collection, points=[
                qm.PointStruct(id=ids[i], vector=vectors[i].tolist(), payload=payloads[i])
                for i in range(start, min(start + 256, len(ids)))])
    print(f"  {len(ids):,} prepared passages stored in {time.perf_counter() - started:.0f} s", flush=True)
    if backend is not None and CODE == ROOT:
        keep = stored_shard(size)
        store.close()  # a consistent folder to copy; the store reopens on its next use
        shutil.rmtree(keep.with_suffix(".tmp"), ignore_errors=True)
        shutil.copytree(os.environ["QDRANT_PATH"], keep.with_suffix(".tmp"), ignore=shutil.ignore_patterns(".lock"))
        keep.with_suffix(".tmp").rename(keep)


def run_scaled(size: int, tmp: Path, query_file: Path, code: Path, rebuild_store: bool = False) -> None:
    from scaled_data import is_prepared, prepared_dir

    if not is_prepared(size):
        raise SystemExit(f"{size:,} records are not prepared: run bench/scaled_data.py --sizes {size} first")
    var = tmp / f"var-{size}-{code.name}"
    var.mkdir(parents=True)
    shutil.copyfile(prepared_dir(size) / "db.sqlite3", var / "db.sqlite3")
    shutil.copytree(prepared_dir(size) / "search-index", var / "search-index")
    env = {**scaled_environment(var), "SEMANTIC_ENABLED": "1", "QDRANT_PATH": str(var / "qdrant"),
           "BENCH_CODE_ROOT": str(code), "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")])}
    if code == ROOT and stored_shard(size).exists() and not rebuild_store:
        shutil.copytree(stored_shard(size), var / "qdrant")
        env["BENCH_SHARD_COPIED"] = str(stored_shard(size))
    subprocess.run([sys.executable, __file__, "--child-size", str(size), "--queries-file", str(query_file)],
                   env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--child-size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--base-tree", type=Path, help="also run the scaled sizes with this tree's code")
    parser.add_argument("--skip-real", action="store_true", help="only the scaled sizes")
    parser.add_argument("--rebuild-store", action="store_true",
                        help="build the Edge shard from the prepared passages even when an earlier run kept one")
    args = parser.parse_args()
    if args.child_size:
        build_vectors(args.child_size)
        measure(json.loads(args.queries_file.read_text()))
        return
    # Searches with words only: browsing and date order never reach the vector store.
    qs = [q for q in queries(base_documents(), args.queries * 2, random.Random(20261126)) if q["q"].strip()]
    qs = [{k: v for k, v in q.items() if k != "sort"} for q in qs[: args.queries]]
    if not args.skip_real:
        print(f"Real data ({os.environ.get('CBD_VAR_DIR', 'var/')}), cpus {os.cpu_count()}:", flush=True)
        measure(qs)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-hybrid-", dir=BENCH_DIR) as tmp:
        query_file = Path(tmp) / "queries.json"
        query_file.write_text(json.dumps(qs))
        for size in args.sizes:
            for code in [ROOT, *([args.base_tree] if args.base_tree else [])]:
                print(f"\n{size:,} records, {code}:", flush=True)
                run_scaled(size, Path(tmp), query_file, code, args.rebuild_store)


if __name__ == "__main__":
    main()
