"""Relevance of the public search API on the real CBD data (loaded with `manage.py migrate_legacy`).

Runs every query of one or more dev.jsonl-format sets through GET /api/search/ (in-process with Django's test
client, or against a live server with --url) and prints nDCG@10 and recall@10 overall and per category (ranx),
next to Wagtail's database search backend on the same records as the baseline of the same run.

    CBD_VAR_DIR=/path/with/db DJANGO_SETTINGS_MODULE=cms.settings.dev \
        .venv/bin/python bench/relevance.py [--set dev.jsonl [more.jsonl ...]] [--mode lexical|semantic|hybrid] \
            [--split tune|test|all] [--no-lang] [--by-language] [--holes] [--url URL] [--show]

The default set is the shared dev set (RELEVANCE_DEV, else ../shared/data/relevance/dev.jsonl above the repo
root). Sets with a ``split`` field (bench/sets/queries.jsonl) get a table per half; the test half is for
checking a change, never for tuning it (bench/sets/README.md). ``--no-lang`` sends no ``lang`` parameter, as a
visitor who never picked a language does and as the held-out judge runs; by default each query's own ``lang``
is sent. ``--holes`` lists, per query, the top-10 results that have no judgment yet (judge them with
bench/judge_pool.py before trusting a score that moved).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from ranx import Qrels, Run, evaluate  # noqa: E402
from relevance_api import fetcher, search_page  # noqa: E402
from relevance_sets import (  # noqa: E402
    SPLITS,
    SetError,
    default_dev_path,
    group_by,
    load_rows,
    missing_dev_message,
    select_split,
    summary,
)

DEV = default_dev_path()
METRICS = ["ndcg@10", "recall@10"]
DEPTH = 10
Ranker = Callable[[str, str | None], list[str]]


def api_ranker(mode: str, url: str | None) -> Ranker:
    """Identifiers of the first page of /api/search/ (already one result per record); lang None sends none."""
    fetch = fetcher(url)

    def rank(q: str, lang: str | None) -> list[str]:
        return [r["identifier"] for r in search_page(fetch, q, lang, mode, DEPTH)]

    return rank


def wagtail_ranker() -> Ranker:
    """Baseline: Wagtail's own search backend (settings.WAGTAILSEARCH_BACKENDS) over public records."""
    from wagtail.models import Locale

    from cms.core.models import RecordPage
    from cms.core.visibility import public_page_ids

    locales = dict(Locale.objects.values_list("language_code", "pk"))

    def rank(q: str, lang: str | None) -> list[str]:
        wanted = [locales[code] for code in {lang or "en", "en"} if code in locales]
        # Wagtail's search backends translate `pk IN (subquery)` but not the EXISTS of public_records()
        public = RecordPage.objects.filter(pk__in=public_page_ids(), locale_id__in=wanted)
        pages = public.search(q)[:DEPTH * 3]
        return list(dict.fromkeys(p.identifier for p in pages))[:DEPTH]

    return rank


def run_queries(rows: list[dict], rank: Ranker, send_lang: bool = True, show: bool = False) -> dict[str, list[str]]:
    """qid -> the ranked identifiers of its first page."""
    ranked = {}
    for row in rows:
        ranked[row["qid"]] = ids = rank(row["query"], row["lang"] if send_lang else None)
        if show:
            print(f"  {row['qid']} {row['query'][:50]!r}: {ids[:5]}")
    return ranked


def score(rows: list[dict], ranked: dict[str, list[str]], field: str = "category") -> dict[str, dict[str, float]]:
    """Metrics overall and per value of ``field`` (category, lang, split)."""
    runs = {qid: {ident: float(DEPTH - i) for i, ident in enumerate(ids)} or {"__none__": 0.0}
            for qid, ids in ranked.items()}
    out = {"overall": _evaluate(rows, runs)}
    out.update({name: _evaluate(members, runs) for name, members in group_by(rows, field).items()})
    return out


def _evaluate(rows: list[dict], runs: dict) -> dict[str, float]:
    qrels = Qrels({r["qid"]: r["rels"] for r in rows})
    run = Run({r["qid"]: runs[r["qid"]] for r in rows})
    return evaluate(qrels, run, METRICS, make_comparable=True)


def report(name: str, scores: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]] | None,
           label: str = "category", counts: dict[str, int] | None = None) -> None:
    print(f"\n{name}")
    head = f"  {label:<14}{'nDCG@10':>9}{'recall@10':>11}" + (f"{'n':>5}" if counts else "")
    print(head + ("   vs baseline nDCG" if baseline else ""))
    for group, values in scores.items():
        line = f"  {group:<14}{values['ndcg@10']:>9.3f}{values['recall@10']:>11.3f}"
        if counts:
            line += f"{counts.get(group, 0):>5}"
        if baseline:
            base = baseline[group]["ndcg@10"]
            line += f"   {values['ndcg@10'] - base:+.3f} ({base:.3f})"
        print(line)


def tables(rows: list[dict], ranked: dict, base: dict | None, title: str, by_language: bool) -> None:
    """A per-category table (and per-language with --by-language) for these rows, then for each half."""
    groups = [(title, rows)]
    if any(row.get("split") for row in rows):
        groups += [(f"{title} — {half} half", select_split(rows, half)) for half in SPLITS]
    for name, members in groups:
        if not members:
            continue
        fields = [("category", "category")] + ([("lang", "language")] if by_language else [])
        for field, label in fields:
            counts = {"overall": len(members), **{k: len(v) for k, v in group_by(members, field).items()}}
            baseline = score(members, base, field) if base else None
            report(f"{name} ({len(members)} queries)", score(members, ranked, field), baseline, label, counts)


def holes(rows: list[dict], ranked: dict[str, list[str]]) -> None:
    """Per query: how many of the first page have no judgment (0 included counts as judged), and which."""
    print(f"\nholes: unjudged records in the top {DEPTH} (judge them: bench/judge_pool.py --qid ...)")
    total = 0
    for row in rows:
        missing = [ident for ident in ranked[row["qid"]] if ident not in row["rels"]]
        total += len(missing)
        if missing:
            print(f"  {row['qid']:<8}{len(missing):>3}  {row['query'][:48]!r}: {' '.join(missing)}")
    empty = [row["qid"] for row in rows if not ranked[row["qid"]]]
    print(f"  {total} unjudged of {DEPTH * len(rows)} slots; {len(empty)} queries with no result"
          + (f": {' '.join(empty)}" if empty else ""))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, nargs="+", default=[DEV] if DEV else None,
                        help="one or more query files in the dev.jsonl format (qids must not collide)")
    parser.add_argument("--mode", default="lexical", choices=["lexical", "semantic", "hybrid"])
    parser.add_argument("--split", default="all", choices=["all", *SPLITS],
                        help="score only one half of sets that have a split field (default: all, then each half)")
    parser.add_argument("--no-lang", action="store_true", help="send no lang parameter (the API then assumes en)")
    parser.add_argument("--by-language", action="store_true", help="a per-language table besides per category")
    parser.add_argument("--holes", action="store_true", help="list unjudged top-10 results per query")
    parser.add_argument("--url", help="a live server (default: in-process test client)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--show", action="store_true", help="print each query's top results")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if not args.set:
        sys.exit(missing_dev_message())
    try:
        rows = select_split(load_rows(args.set), args.split)
    except SetError as error:
        sys.exit(f"{error}\n{missing_dev_message()}" if args.set == [DEV] else str(error))
    if not rows:
        sys.exit(f"no queries in {', '.join(map(str, args.set))} for --split {args.split}")
    from cms.api.serializers import public_records

    print(f"{summary(rows)}; {public_records().count()} public record pages; "
          f"lang {'not sent' if args.no_lang else 'sent'}; sets: {', '.join(p.name for p in args.set)}")
    base = None if args.no_baseline else run_queries(rows, wagtail_ranker(), not args.no_lang)
    ranked = run_queries(rows, api_ranker(args.mode, args.url), not args.no_lang, show=args.show)
    if base:
        report("Wagtail database search backend (baseline)", score(rows, base), None)
    tables(rows, ranked, base, f"/api/search/ mode={args.mode}" + (" no lang" if args.no_lang else ""),
           args.by_language)
    if args.holes:
        holes(rows, ranked)


if __name__ == "__main__":
    main()
