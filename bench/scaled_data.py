"""Real-derived data at 10k/100k records for the vector benches, built once and kept under var/bench/ (not committed).

For each size: a copy of the demo database grown with synthetic legacy records through the real migration
(bench_search_api.grow: real titles and texts, varied symbols, the embedded lexical index rebuilt), then every
passage of every public record built as the vector sink builds it and embedded by the real model through the
vector cache (bench/vector_cache.py), and written out as

    var/bench/var-<size>/passages.npy      float32 vectors, one row per passage, L2-normalised
    var/bench/var-<size>/payloads.jsonl    the payload the store keeps for each row (same order)

bench_embeddings.py reads those files (no Django, no model); bench_hybrid.py loads them into the store it measures.

Embedding ~100k passages takes over an hour of both cores here. ``--derive`` (used for 100k) embeds for real only
the passages that are not synthetic; a synthetic passage is a real record's passage whose title got two words
appended ("<real title> (marine, dialogue)", bench/generate_legacy_export.py), and its vector is derived from real
encodings: normalise(v(source passage) + a * v("(marine, dialogue)")). ``a`` is fitted, and the fidelity (mean
cosine of derived to true vectors) measured, on the synthetic passages already embedded for real (all of 10k).

    CBD_VAR_DIR=var .venv/bin/python bench/scaled_data.py [--sizes 10000 100000] [--derive]

``--from-corpus`` (a fresh machine, no grown database, minutes instead of hours) writes only the passages, for
bench_embeddings.py: the demo corpus of bench/relevance_semantic.py (built from migration/data, ~1,900 passages)
embedded by the real model, then copied to the size, each copy a new record whose title gets two words appended
and whose type cycles through the API's record types; its vector is derived as with ``--derive`` (a = 0.2, the
fit the grown data gave). No lexical index, so bench_hybrid.py cannot use it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_legacy_export import WORDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Where the prepared sizes live: $BENCH_DATA_DIR, else <CBD_VAR_DIR>/bench (var/bench by default). Fixed in the
# environment here so that every child process (whose CBD_VAR_DIR is its own copy) finds the same folder.
os.environ.setdefault("BENCH_DATA_DIR", str(Path(os.environ.get("CBD_VAR_DIR") or ROOT / "var").resolve() / "bench"))
BENCH_DIR = Path(os.environ["BENCH_DATA_DIR"])
FROM_CORPUS_ALPHA = 0.2  # the fit an earlier grown 10k database gave (all its passages embedded for real)


def prepared_dir(size: int) -> Path:
    return BENCH_DIR / f"var-{size}"


def is_prepared(size: int) -> bool:
    return (prepared_dir(size) / "payloads.jsonl").exists()


def load_passages(size: int) -> tuple[np.ndarray, list[dict]]:
    """The vectors and payloads of a prepared size (raises when `scaled_data.py` has not been run for it)."""
    folder = prepared_dir(size)
    vectors = np.load(folder / "passages.npy")
    with (folder / "payloads.jsonl").open() as lines:
        payloads = [json.loads(line) for line in lines]
    return vectors, payloads


_SUFFIX = re.compile(r" \((%s), (%s)\)" % (("|".join(map(re.escape, WORDS)),) * 2))


def _source_text(text: str) -> tuple[str, str] | None:
    """(the real passage's text, the appended words) of a synthetic passage; None for a real one."""
    found = _SUFFIX.search(text)
    return (text[:found.start()] + text[found.end():], found.group(0).strip()) if found else None


class Deriver:
    """Vectors of synthetic passages from real encodings (see the module docstring)."""

    def __init__(self, cache, embedder) -> None:
        self.cache, self.embedder, self.alpha, self.derived = cache, embedder, 0.0, 0

    def _known(self, texts: list[str]) -> dict[str, np.ndarray]:
        keys = {t: self.cache.key(self.embedder.model_id, self.embedder.passage_prefix + t) for t in texts}
        found = self.cache.lookup(list(keys.values()))
        return {t: found[k] for t, k in keys.items() if k in found}

    def fit(self, texts: list[str]) -> str:
        """Fit ``alpha`` on synthetic passages embedded for real whose source is embedded too."""
        pairs = [(t, *src) for t in texts if (src := _source_text(t))]
        known = self._known([t for t, _, _ in pairs] + [s for _, s, _ in pairs])
        pairs = [(t, s, w) for t, s, w in pairs if t in known and s in known][:3000]
        if not pairs:  # no synthetic passage embedded for real yet (an empty cache): keep the earlier fit
            self.alpha = FROM_CORPUS_ALPHA
            return (f"derived vectors: a = {self.alpha:.2f} (not fitted: no synthetic passage embedded for real in "
                    "the vector cache; the fit an earlier grown 10k database gave)")
        words = self.embedder.encode_passages(sorted({w for _, _, w in pairs}))
        by_words = dict(zip(sorted({w for _, _, w in pairs}), words, strict=True))
        true = np.stack([known[t] for t, _, _ in pairs])
        best = (-1.0, 0.0)
        for alpha in np.arange(0.0, 1.51, 0.05):
            derived = np.stack([known[s] + alpha * by_words[w] for _, s, w in pairs])
            derived /= np.linalg.norm(derived, axis=1, keepdims=True)
            best = max(best, (float(np.mean(np.sum(derived * true, axis=1))), float(alpha)))
        self.alpha = best[1]
        source_only = float(np.mean(np.sum(np.stack([known[s] for _, s, _ in pairs]) * true, axis=1)))
        return (f"derived vectors: a = {self.alpha:.2f}, mean cosine to the true vector {best[0]:.3f} on "
                f"{len(pairs):,} synthetic passages embedded for real (the source's vector alone: {source_only:.3f})")

    def vectors(self, texts: list[str]) -> np.ndarray:
        known = self._known(texts + [src[0] for t in texts if (src := _source_text(t))])
        rows: dict[str, np.ndarray] = {}
        need_words, real = set(), []
        for text in texts:
            src = _source_text(text)
            if text in known:
                rows[text] = known[text]
            elif src and src[0] in known:
                need_words.add(src[1])
            else:
                real.append(text)
        words = dict(zip(sorted(need_words), self.embedder.encode_passages(sorted(need_words)), strict=True)) \
            if need_words else {}
        if real:
            rows.update(zip(real, self.embedder.encode_passages(real), strict=True))
        out = []
        for text in texts:
            if text not in rows:
                source, appended = _source_text(text)
                vector = known[source] + self.alpha * words[appended]
                rows[text] = vector / np.linalg.norm(vector)
                self.derived += 1
            out.append(rows[text])
        return np.stack(out).astype(np.float32)


def _export_passages(folder: Path, derive: bool) -> None:
    """In the child: embed every passage of every public record (through the cache) and write them out."""
    import vector_cache

    from embeddings import runtime
    from embeddings.sync import passages_for
    from indexing.states import batches, live_record_ids

    cache = vector_cache.install(BENCH_DIR / "passage-vectors.sqlite3")
    embedder = runtime.get_embedder()
    ids = live_record_ids()
    deriver = None
    if derive:
        deriver = Deriver(cache, embedder)
        deriver.alpha = FROM_CORPUS_ALPHA
        sample = [p.embed_text for batch in batches(ids[:20_000], 500) for p in passages_for(batch)
                  ] if len(cache) else []  # an empty cache holds no synthetic passage embedded for real
        fitted = deriver.fit(sample)
        print("  " + fitted, flush=True)
        (folder / "derived.txt").write_text(fitted + "\n")
    rows, payloads = [], []
    started = time.perf_counter()
    for done, batch in enumerate(batches(ids, 500), start=1):
        passages = passages_for(batch)
        texts = [p.embed_text for p in passages]
        rows.append(deriver.vectors(texts) if deriver else embedder.encode_passages(texts))
        payloads += [p.payload(embedder.model_id) for p in passages]
        print(f"  {min(done * 500, len(ids)):,}/{len(ids):,} records, {len(payloads):,} passages, "
              f"{cache.misses:,} embedded now, {deriver.derived if deriver else 0:,} derived, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    np.save(folder / "passages.npy", np.concatenate(rows))
    with (folder / "payloads.tmp").open("w") as out:
        out.writelines(json.dumps(p) + "\n" for p in payloads)
    (folder / "payloads.tmp").rename(folder / "payloads.jsonl")


def child(size: int, derive: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from bench_search_api import grow  # sets Django up

    folder = Path(os.environ["CBD_VAR_DIR"])
    if not (folder / "grown").exists():
        grow(size)
        (folder / "grown").touch()
    _export_passages(folder, derive)


def prepare(size: int, derive: bool) -> None:
    if is_prepared(size):
        print(f"{size:,}: already prepared in {prepared_dir(size)}")
        return
    folder = prepared_dir(size)
    if not (folder / "grown").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copyfile(Path(os.environ.get("CBD_VAR_DIR", ROOT / "var")) / "db.sqlite3", folder / "db.sqlite3")
    env = {**os.environ, "CBD_VAR_DIR": str(folder), "SEMANTIC_ENABLED": "0", "CELERY_TASK_ALWAYS_EAGER": "0",
           "SEARCH_INDEX_DIR": str(folder / "search-index"), "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    print(f"{size:,} records -> {folder}", flush=True)
    subprocess.run([sys.executable, __file__, "--child", str(size), *(["--derive"] if derive else [])], env=env,
                   check=True, cwd=ROOT)


COPY_TYPES = ("decision", "meeting", "notification", "meeting-document", "statement", "treaty-article")


def from_corpus(size: int, alpha: float = 0.2) -> None:
    """The demo corpus's passages copied to ``size`` passages with derived vectors (see the module docstring)."""
    import dataclasses

    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from relevance_semantic import build_corpus

    from embeddings.embedder import DEV_MODEL, Embedder
    from embeddings.passages import build_passages

    folder = prepared_dir(size)
    folder.mkdir(parents=True, exist_ok=True)
    embedder = Embedder(DEV_MODEL)
    sources = build_passages(build_corpus())
    source_vectors = embedder.encode_passages([p.embed_text for p in sources])
    pairs = [f"({a}, {b})" for a in WORDS for b in WORDS if a != b]
    pair_vectors = embedder.encode_passages(pairs)
    rng = np.random.default_rng(16)
    rows, payloads = list(source_vectors), [p.payload(embedder.model_id) for p in sources]
    page_id = max(p.page_id for p in sources)
    while len(rows) < size:
        page_id += 1
        index, pair = int(rng.integers(len(sources))), int(rng.integers(len(pairs)))
        source = sources[index]
        copy = dataclasses.replace(
            source, id=f"s{page_id}-{source.id}", page_id=page_id, identifier=f"{source.identifier}-S{page_id}",
            title=f"{source.title} {pairs[pair]}", type=COPY_TYPES[page_id % len(COPY_TYPES)],
            year=int(2000 + page_id % 26))
        vector = source_vectors[index] + alpha * pair_vectors[pair]
        rows.append(vector / np.linalg.norm(vector))
        payloads.append(copy.payload(embedder.model_id))
    np.save(folder / "passages.npy", np.stack(rows).astype(np.float32))
    with (folder / "payloads.jsonl").open("w") as out:
        out.writelines(json.dumps(p) + "\n" for p in payloads)
    (folder / "from-corpus.txt").write_text(f"{len(sources):,} corpus passages copied to {len(rows):,}\n")
    print(f"{size:,}: {len(sources):,} corpus passages copied to {len(rows):,} in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--derive", action="store_true", help="derive synthetic passages' vectors (see above)")
    parser.add_argument("--from-corpus", action="store_true", help="passages only, from the demo corpus (see above)")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.derive)
        return
    for size in args.sizes:
        from_corpus(size) if args.from_corpus else prepare(size, args.derive)


if __name__ == "__main__":
    main()
