"""Relevance of the public search API on the real CBD data (loaded with `manage.py migrate_legacy`).

Runs every query of a dev.jsonl-format set through GET /api/search/ (in-process with Django's test client,
or against a live server with --url) and prints nDCG@10 and recall@10 overall and per category (ranx), next
to Wagtail's database search backend on the same records as the baseline of the same run.

    CBD_VAR_DIR=/path/with/db DJANGO_SETTINGS_MODULE=cms.settings.dev \
        .venv/bin/python bench/relevance.py [--set dev.jsonl] [--mode lexical|semantic|hybrid] [--url URL] [--show]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from ranx import Qrels, Run, evaluate  # noqa: E402

DEV = Path(os.environ.get("RELEVANCE_DEV", "/work/shared/data/relevance/dev.jsonl"))
METRICS = ["ndcg@10", "recall@10"]
DEPTH = 10
Ranker = Callable[[str, str], list[str]]


def api_ranker(mode: str, url: str | None) -> Ranker:
    """Identifiers of the first page of /api/search/ (already one result per record)."""
    if url is None:
        from django.test import Client

        client = Client()

        def fetch(params: dict) -> dict:
            response = client.get("/api/search/", params)
            assert response.status_code == 200, response.content[:300]
            return response.json()
    else:
        def fetch(params: dict) -> dict:
            with urllib.request.urlopen(f"{url.rstrip('/')}/api/search/?{urllib.parse.urlencode(params)}") as r:
                return json.load(r)

    def rank(q: str, lang: str) -> list[str]:
        body = fetch({"q": q, "lang": lang, "limit": DEPTH, "mode": mode})
        return [r["identifier"] for r in body["results"]]

    return rank


def wagtail_ranker() -> Ranker:
    """Baseline: Wagtail's own search backend (settings.WAGTAILSEARCH_BACKENDS) over public records."""
    from wagtail.models import Locale

    from cms.api.serializers import public_records

    locales = dict(Locale.objects.values_list("language_code", "pk"))

    def rank(q: str, lang: str) -> list[str]:
        wanted = [locales[code] for code in {lang, "en"} if code in locales]
        pages = public_records().filter(locale_id__in=wanted).search(q)[:DEPTH * 3]
        return list(dict.fromkeys(p.identifier for p in pages))[:DEPTH]

    return rank


def score(rows: list[dict], rank: Ranker, show: bool = False) -> dict[str, dict[str, float]]:
    runs = {}
    for row in rows:
        ids = rank(row["query"], row.get("lang") or "en")
        if show:
            print(f"  {row['qid']} {row['query'][:50]!r}: {ids[:5]}")
        runs[row["qid"]] = {ident: float(DEPTH - i) for i, ident in enumerate(ids)} or {"__none__": 0.0}
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["category"]].append(row)
    out = {"overall": _evaluate(rows, runs)}
    out.update({name: _evaluate(members, runs) for name, members in sorted(groups.items())})
    return out


def _evaluate(rows: list[dict], runs: dict) -> dict[str, float]:
    qrels = Qrels({r["qid"]: r["rels"] for r in rows})
    run = Run({r["qid"]: runs[r["qid"]] for r in rows})
    return evaluate(qrels, run, METRICS, make_comparable=True)


def report(name: str, scores: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]] | None) -> None:
    print(f"\n{name}")
    print(f"  {'category':<14}{'nDCG@10':>9}{'recall@10':>11}" + ("   vs baseline nDCG" if baseline else ""))
    for category, values in scores.items():
        line = f"  {category:<14}{values['ndcg@10']:>9.3f}{values['recall@10']:>11.3f}"
        if baseline:
            base = baseline[category]["ndcg@10"]
            line += f"   {values['ndcg@10'] - base:+.3f} ({base:.3f})"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=DEV, help="queries in the dev.jsonl format")
    parser.add_argument("--mode", default="lexical", choices=["lexical", "semantic", "hybrid"])
    parser.add_argument("--url", help="a live server (default: in-process test client)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--show", action="store_true", help="print each query's top results")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text().splitlines() if line.strip()]
    from cms.api.serializers import public_records

    print(f"{len(rows)} queries; {public_records().count()} public record pages")
    baseline = None if args.no_baseline else score(rows, wagtail_ranker())
    api = score(rows, api_ranker(args.mode, args.url), show=args.show)
    if baseline:
        report("Wagtail database search backend (baseline)", baseline, None)
    report(f"/api/search/ mode={args.mode}", api, baseline)


if __name__ == "__main__":
    main()
