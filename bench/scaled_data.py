"""Real-derived data at 10k/100k records for the vector benches, built once and kept under $BENCH_DATA_DIR
(default <CBD_VAR_DIR>/bench, i.e. var/bench/; not committed).

For each size: a copy of the demo database grown with synthetic legacy records through the real migration
(bench_search_api.grow: real titles and texts, varied symbols, the embedded lexical index rebuilt), then every
passage of every public record built as the vector sink builds it and embedded by the real model through the
vector cache (bench/vector_cache.py), and written out as

    <BENCH_DATA_DIR>/var-<size>/db.sqlite3, search-index/   the grown database and its lexical index
    <BENCH_DATA_DIR>/var-<size>/passages.npy      float32 vectors, one row per passage, L2-normalised
    <BENCH_DATA_DIR>/var-<size>/payloads.jsonl    the payload the store keeps for each row (same order)

bench_embeddings.py reads those files (no Django, no model); bench_hybrid.py loads them into the store it measures.

Embedding ~100k passages takes over an hour of both cores here, and even building their documents (as the vector
sink does) ~20 records/s under load. ``--derive`` (used for 100k) embeds for real only the passages of the demo's
own records (~900 records, ~1,900 passages, through the vector cache) and the 169 appended word pairs; every
synthetic record (a real record copied with two words appended to its title, "<real title> (marine, dialogue)",
bench/generate_legacy_export.py) copies the passages of its source record with its own page id, identifier, title,
date and URL, and the vector normalise(v(source passage) + a * v("(marine, dialogue)")), a = 0.2: the fit an
earlier grown database gave (its synthetic passages embedded for real: mean cosine 0.972 to the true vectors on
3,000 synthetic passages, against 0.953 for the source's vector alone; embeddings/README.md). A title the
generator cut at 240 characters lost its words: a pair is chosen for it. About two minutes at 100k.
Fidelity caveat: a derived vector is a real encoding nudged towards its two appended words, not what the model
would give for the whole text; neighbourhoods are real-shaped (each real passage has ~50 near-copies around its
true vector), which is what the latency and recall benches need; semantic relevance at 100k is not measured.

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
import zlib
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


def _export_passages(folder: Path) -> None:
    """In the child: embed every passage of every public record (through the cache) and write them out."""
    import vector_cache

    from embeddings import runtime
    from embeddings.sync import passages_for
    from indexing.states import batches, live_record_ids

    cache = vector_cache.install(BENCH_DIR / "passage-vectors.sqlite3")
    embedder = runtime.get_embedder()
    ids = live_record_ids()
    rows, payloads = [], []
    started = time.perf_counter()
    for done, batch in enumerate(batches(ids, 500), start=1):
        passages = passages_for(batch)
        rows.append(embedder.encode_passages([p.embed_text for p in passages]))
        payloads += [p.payload(embedder.model_id) for p in passages]
        print(f"  {min(done * 500, len(ids)):,}/{len(ids):,} records, {len(payloads):,} passages, "
              f"{cache.misses:,} embedded now, {time.perf_counter() - started:.0f} s", flush=True)
    np.save(folder / "passages.npy", np.concatenate(rows))
    with (folder / "payloads.tmp").open("w") as out:
        out.writelines(json.dumps(p) + "\n" for p in payloads)
    (folder / "payloads.tmp").rename(folder / "payloads.jsonl")


def _export_by_copy(folder: Path, demo_db: Path) -> None:
    """In the child: the passages of the grown database without building 100k records' documents (~20 records/s
    under load, over an hour): the demo's own records (those already in ``demo_db``) and any synthetic record whose
    source is not found get their passages built and embedded as the vector sink does; every other synthetic record
    copies the passages of the real record its title was made from (bench/generate_legacy_export.py: "<real title>
    (word, word)"), with its own page id, identifier, title, date and URL, and the derived vector
    normalise(v(source passage) + a * v("(word, word)")), a = FROM_CORPUS_ALPHA."""
    import dataclasses
    import sqlite3

    import vector_cache

    from cms.core.models import RecordPage
    from embeddings import runtime
    from embeddings.sync import passages_for
    from indexing.states import batches

    cache = vector_cache.install(BENCH_DIR / "passage-vectors.sqlite3")
    embedder = runtime.get_embedder()
    with sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True) as demo:
        demo_max = int(demo.execute("SELECT max(page_ptr_id) FROM core_recordpage").fetchone()[0])
    started = time.perf_counter()
    pages = list(RecordPage.objects.live().order_by("pk").values_list("pk", "identifier", "title", "record_type",
                                                                       "date"))
    real_ids = [pk for pk, *_ in pages if pk <= demo_max]
    real = [p for batch in batches(real_ids, 500) for p in passages_for(batch)]
    real_vectors = embedder.encode_passages([p.embed_text for p in real])
    by_page: dict[int, list[tuple]] = {}
    for passage, vector in zip(real, real_vectors, strict=True):
        by_page.setdefault(passage.page_id, []).append((passage, vector))
    pair_texts = sorted({f"({a}, {b})" for a in WORDS for b in WORDS})
    pair_vectors = dict(zip(pair_texts, embedder.encode_passages(pair_texts), strict=True))
    titles = {(t, kind): pk for pk, _, t, kind, _ in pages if pk <= demo_max}
    by_start: dict[tuple[str, str], list[tuple[str, int]]] = {}  # for titles cut at 240 characters
    for (t, kind), pk in titles.items():
        by_start.setdefault((t[:60], kind), []).append((t, pk))

    def source_of(title: str, kind: str) -> tuple[int | None, str, str]:
        """(source page, source title, appended words) of a synthetic title: "<real title> (word, word)", cut at
        240 characters by the generator (then the words, or part of the title, are gone: a pair is chosen)."""
        found = _SUFFIX.search(title)
        if found and found.end() == len(title) and (title[:found.start()], kind) in titles:
            return titles[(title[:found.start()], kind)], title[:found.start()], found.group(0).strip()
        for real_title, pk in by_start.get((title[:60], kind), []):
            if real_title.startswith(title) or title.startswith(real_title + " ("):
                return pk, real_title, pair_texts[zlib.crc32(title.encode()) % len(pair_texts)]
        return None, "", ""
    identifiers = {pk: ident for pk, ident, *_ in pages}
    print(f"  {len(real):,} passages of {len(real_ids):,} real records embedded ({cache.misses:,} by the model now), "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    rows, payloads = list(real_vectors), [p.payload(embedder.model_id) for p in real]
    unmatched = []
    for pk, identifier, title, kind, day in pages:
        if pk <= demo_max:
            continue
        source, source_title, words = source_of(title, kind)
        if source is None or source not in by_page:
            unmatched.append(pk)
            continue
        source_identifier = identifiers[source]
        for passage, vector in by_page[source]:
            copy = dataclasses.replace(
                passage, id=f"s{pk}-{passage.id}", page_id=pk, identifier=identifier,
                title=passage.title.replace(source_title, title, 1), url=passage.url.replace(source_identifier,
                                                                                             identifier),
                date=day.isoformat() if day else None, year=day.year if day else None)
            derived = vector + FROM_CORPUS_ALPHA * pair_vectors[words]
            rows.append(derived / np.linalg.norm(derived))
            payloads.append(copy.payload(embedder.model_id))
    copied = len(rows) - len(real)
    for batch in batches(unmatched, 500):  # built and embedded for real, as the sink would
        passages = passages_for(batch)
        rows += list(embedder.encode_passages([p.embed_text for p in passages]))
        payloads += [p.payload(embedder.model_id) for p in passages]
    note = (f"{len(rows):,} passages: {len(real):,} of the {len(real_ids):,} real records and "
            f"{len(rows) - len(real) - copied:,} of {len(unmatched):,} synthetic records whose source was not found, "
            f"embedded by the model; {copied:,} copied from their source record's passages with derived vectors, "
            f"a = {FROM_CORPUS_ALPHA} (not fitted); {time.perf_counter() - started:.0f} s")
    print("  " + note, flush=True)
    (folder / "derived.txt").write_text(note + "\n")
    np.save(folder / "passages.npy", np.stack(rows).astype(np.float32))
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
    _export_by_copy(folder, Path(os.environ["BENCH_DEMO_DB"])) if derive else _export_passages(folder)


def prepare(size: int, derive: bool) -> None:
    if is_prepared(size):
        print(f"{size:,}: already prepared in {prepared_dir(size)}")
        return
    folder = prepared_dir(size)
    demo_db = Path(os.environ.get("CBD_VAR_DIR", ROOT / "var")) / "db.sqlite3"
    if not (folder / "grown").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copyfile(demo_db, folder / "db.sqlite3")
    env = {**os.environ, "CBD_VAR_DIR": str(folder), "BENCH_DEMO_DB": str(demo_db), "SEMANTIC_ENABLED": "0",
           "CELERY_TASK_ALWAYS_EAGER": "0",
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
