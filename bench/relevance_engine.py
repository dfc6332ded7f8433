"""Relevance of the search engine + query pipeline on the dev set, without Django or HTTP.

Indexes documents built straight from migration/data (tests/search/cbd_corpus.py), runs every dev
query through `search.retrieval.pipeline.search` and prints nDCG@10 and recall@10 overall and per category (ranx),
next to plain engine search (no reference understanding) as the baseline of the same run.

    .venv/bin/python bench/relevance_engine.py [--dev PATH] [--engine embedded|meili]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "search"), str(ROOT / "bench")]

from cbd_corpus import build_corpus  # noqa: E402
from ranx import Qrels, Run, evaluate  # noqa: E402
from relevance_sets import default_dev_path, missing_dev_message  # noqa: E402

from search import query as pipeline  # noqa: E402
from search.engine import SearchEngine, SearchQuery  # noqa: E402

DEV = default_dev_path()
METRICS = ["ndcg@10", "recall@10"]
DEPTH = 10


def make_engine(kind: str, tmp: str) -> SearchEngine:
    if kind == "meili":
        from search.engines.meili import MeiliEngine

        return MeiliEngine(os.environ["MEILISEARCH_URL"], os.environ.get("MEILISEARCH_API_KEY"),
                           index_uid="relevance_bench")
    from search.engines.embedded import EmbeddedEngine

    return EmbeddedEngine(tmp)


def ranked_identifiers(engine: SearchEngine, q: str, lang: str | None, use_pipeline: bool) -> list[str]:
    """Top identifiers, one entry per record (paragraph hits count for their record)."""
    query = SearchQuery(q=q, lang=lang, limit=40, facets=())
    result = pipeline.search(engine, query).result if use_pipeline else engine.search(query)
    return list(dict.fromkeys(h.identifier for h in result.hits))[:DEPTH]


def run(engine: SearchEngine, rows: list[dict], use_pipeline: bool) -> dict[str, dict[str, float]]:
    runs = {}
    for row in rows:
        ids = ranked_identifiers(engine, row["query"], row.get("lang"), use_pipeline)
        runs[row["qid"]] = {ident: float(DEPTH - i) for i, ident in enumerate(ids)} or {"__none__": 0.0}
    groups = defaultdict(list)
    for row in rows:
        groups[row["category"]].append(row)
    scores = {"overall": _score(rows, runs)}
    for category, members in sorted(groups.items()):
        scores[category] = _score(members, runs)
    return scores


def _score(rows: list[dict], runs: dict) -> dict[str, float]:
    qrels = Qrels({r["qid"]: r["rels"] for r in rows})
    run = Run({r["qid"]: runs[r["qid"]] for r in rows})
    result = evaluate(qrels, run, METRICS, make_comparable=True)
    return result if isinstance(result, dict) else {METRICS[0]: result}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--engine", choices=["embedded", "meili"], default="embedded")
    parser.add_argument("--show", action="store_true", help="print each query's top results")
    args = parser.parse_args()
    if args.dev is None or not args.dev.is_file():
        sys.exit(missing_dev_message())
    rows = [json.loads(line) for line in args.dev.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.engine, tmp)
        engine.configure()
        engine.clear()
        engine.upsert(build_corpus())
        base = run(engine, rows, use_pipeline=False)
        tuned = run(engine, rows, use_pipeline=True)
        if args.show:
            for row in rows:
                ids = ranked_identifiers(engine, row["query"], row.get("lang"), True)
                print(row["qid"], row["category"], row["query"], "->", ids[:5], "want", row["rels"])
    print(f"{'category':<14}{'n':>3}  {'nDCG@10':>8} {'(plain)':>8} {'ratio':>6}  {'R@10':>6} {'(plain)':>8}")
    counts = defaultdict(int, overall=len(rows))
    for row in rows:
        counts[row["category"]] += 1
    for name, metrics in tuned.items():
        b = base[name]
        ratio = metrics["ndcg@10"] / b["ndcg@10"] if b["ndcg@10"] else float("inf")
        print(f"{name:<14}{counts[name]:>3}  {metrics['ndcg@10']:>8.3f} {b['ndcg@10']:>8.3f} {ratio:>6.2f}"
              f"  {metrics['recall@10']:>6.3f} {b['recall@10']:>8.3f}")


if __name__ == "__main__":
    main()
