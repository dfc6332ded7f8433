"""Print the pooled records of a graded query set that have no judgment yet, to judge a new run quickly.

The pool of a query is the top ``--depth`` (10) of every mode (lexical, semantic, hybrid) and of both lang
variants (no lang, as the default visitor and the held-out judge send; and lang = the query's language),
as in TREC pooling. Every pooled identifier the set does not grade yet is printed with the best rank it
reached, where, and its title and snippet; judge it by reading the record (/api/records/<identifier>/), then
add it to the query's ``rels`` (0 included: a 0 marks "judged, not relevant").

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python bench/judge_pool.py \
        [--set bench/sets/queries.jsonl ...] [--modes lexical semantic hybrid] [--qid en001 ...] \
        [--jsonl] [--cache pool.json] [--url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

from relevance_api import fetcher, search_page  # noqa: E402
from relevance_sets import SETS_DIR, SetError, lang_variants, load_rows  # noqa: E402

MODES = ("lexical", "semantic", "hybrid")
_TAG = re.compile(r"<[^>]+>")


def plain(text: str | None, width: int) -> str:
    text = " ".join(html.unescape(_TAG.sub("", text or "")).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def pool_query(fetch, row: dict, modes: list[str], depth: int, cache: dict) -> dict[str, dict]:
    """identifier -> {rank, where, title, type, snippet}: the best rank over every run of the pool."""
    pooled: dict[str, dict] = {}
    for mode in modes:
        for lang in lang_variants(row):
            key = f"{row['qid']}|{mode}|{lang or '-'}|{depth}|{row['query']}"
            if key not in cache:
                cache[key] = [
                    {k: hit.get(k) for k in ("identifier", "type", "title", "snippet")}
                    for hit in search_page(fetch, row["query"], lang, mode, depth)
                ]
            for rank, hit in enumerate(cache[key], start=1):
                best = pooled.get(hit["identifier"])
                if best is None or rank < best["rank"]:
                    pooled[hit["identifier"]] = {**hit, "rank": rank, "where": f"{mode}/{lang or 'nolang'}"}
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, nargs="+", default=[SETS_DIR / "queries.jsonl"])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--depth", type=int, default=10)
    parser.add_argument("--qid", nargs="*", help="only these queries")
    parser.add_argument("--all", action="store_true", help="print judged pooled records too, with their grade")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per pooled record")
    parser.add_argument("--cache", type=Path, help="reuse/save the runs in this JSON file (re-judging is instant)")
    parser.add_argument("--url", help="a live server (default: in-process test client)")
    args = parser.parse_args()
    try:
        rows = load_rows(args.set)
    except SetError as error:
        sys.exit(str(error))
    if args.qid:
        rows = [row for row in rows if row["qid"] in set(args.qid)]
    if args.url is None:
        import django

        django.setup()
    cache = json.loads(args.cache.read_text()) if args.cache and args.cache.exists() else {}
    fetch = fetcher(args.url)
    holes = 0
    try:
        for row in rows:
            pooled = pool_query(fetch, row, args.modes, args.depth, cache)
            shown = [(i, h) for i, h in pooled.items() if args.all or i not in row["rels"]]
            holes += sum(1 for i in pooled if i not in row["rels"])
            shown.sort(key=lambda item: item[1]["rank"])
            if not args.jsonl and shown:
                print(f"\n## {row['qid']} [{row['lang']}/{row['category']}] {row['query']}")
            for ident, hit in shown:
                grade = row["rels"].get(ident, "?")
                if args.jsonl:
                    print(json.dumps({"qid": row["qid"], "query": row["query"], "identifier": ident,
                                      "grade": grade, **hit}, ensure_ascii=False))
                else:
                    print(f"  {grade} r{hit['rank']:<2} {hit['where']:<16} {ident:<24} "
                          f"[{hit['type']}] {plain(hit['title'], 90)} | {plain(hit['snippet'], 110)}")
    finally:
        if args.cache:
            args.cache.write_text(json.dumps(cache, ensure_ascii=False))
    print(f"\n{len(rows)} queries, {holes} pooled records without a judgment", file=sys.stderr)


if __name__ == "__main__":
    main()
