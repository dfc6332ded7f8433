"""How well /api/ask/ answers: the right passage first, and "nothing answers" only when nothing does.

Runs every question of bench/sets/ask.jsonl through GET /api/ask/ (in-process with Django's test client, like
bench/relevance.py, or against a live server with --url) on the loaded data and prints:

- precision@1: the first cited passage is from an answering record, and from its answering paragraph where
  the set names one (``paragraph_code``; the record's whole-text passage counts when it contains the answering
  phrase), on questions the hub answers; a "nothing answers" reply is a miss;
- recall: any cited passage answers (same rule), on questions the hub answers;
- quoted: the answer text contains the answering phrase (``must_contain``) of one of the answers;
- false "nothing answers": found=false on a question the hub answers;
- false answers: found=true on a question nothing in the hub answers.

    DJANGO_SETTINGS_MODULE=cms.settings.dev .venv/bin/python bench/ask_eval.py [--set bench/sets/ask.jsonl] \
        [--split all|tune|test] [--send-lang] [--show] [--url http://127.0.0.1:8000]

By default no ``lang`` is sent (the API assumes English, as for a visitor who never picked a language);
``--send-lang`` sends each question's own language.

The set has a *tune* and a *test* half (``split_of``: a hash of the qid, stratified by answerable/unanswerable
and language, so it depends only on the qids): look at per-question results and tune on the tune half only; a
change counts when the test half does not get worse. Every run prints both halves beside the whole set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
DEFAULT_SET = ROOT / "bench" / "sets" / "ask.jsonl"
SPLIT_SALT = "cbd-ask-v1"
Ask = Callable[[str, str | None], dict]


def asker(url: str | None) -> Ask:
    """GET /api/ask/; raises on any status but 200 (a broken run must not score as a wrong answer)."""
    def params(question: str, lang: str | None) -> dict:
        return {"q": question, **({"lang": lang} if lang else {})}

    if url:
        def ask_live(question: str, lang: str | None) -> dict:
            query = urllib.parse.urlencode(params(question, lang))
            with urllib.request.urlopen(f"{url.rstrip('/')}/api/ask/?{query}") as r:
                return json.load(r)

        return ask_live
    import django

    django.setup()
    from django.test import Client

    client = Client()

    def ask(question: str, lang: str | None) -> dict:
        response = client.get("/api/ask/", params(question, lang))
        if response.status_code != 200:
            raise RuntimeError(f"/api/ask/ {question!r} -> {response.status_code}: {response.content[:300]!r}")
        return response.json()

    return ask


def cited(body: dict) -> list[dict]:
    return body.get("citations") or body.get("passages") or []


def answers_it(citation: dict, answers: list[dict]) -> bool:
    """Right record, and right paragraph where the set gives one (or the record's whole-text passage, when it
    holds the answering phrase: the answer is then in what the reader is shown)."""
    def paragraph_ok(answer: dict) -> bool:
        wanted, got = answer.get("paragraph_code"), citation.get("paragraph_code")
        if wanted is None or got == wanted:
            return True
        return got is None and answer["must_contain"].lower() in (citation.get("text") or "").lower()

    return any(citation.get("identifier") == a["identifier"] and paragraph_ok(a) for a in answers)


def judge(row: dict, body: dict) -> dict[str, bool]:
    citations = cited(body)
    found = bool(body.get("found"))
    text = (body.get("answer") or "").lower()
    if not row["answerable"]:
        return {"false_answer": found}
    return {
        "p_at_1": found and bool(citations) and answers_it(citations[0], row["answers"]),
        "recall": found and any(answers_it(c, row["answers"]) for c in citations),
        "quoted": found and any(a["must_contain"].lower() in text for a in row["answers"]),
        "false_nothing": not found,
    }


def split_of(rows: list[dict]) -> dict[str, str]:
    """qid -> "tune" | "test": relevance_sets.assign_splits with answerable/unanswerable as the category."""
    from relevance_sets import assign_splits

    strata = [{"qid": r["qid"], "lang": r["lang"], "category": "answerable" if r["answerable"] else "unanswerable"}
              for r in rows]
    return assign_splits(strata, salt=SPLIT_SALT)


def rate(verdicts: list[dict], key: str) -> str:
    values = [v[key] for v in verdicts if key in v]
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "-"


METRICS = (("p_at_1", "precision@1 of the first cited passage"),
           ("recall", "recall of an answering passage (cited)"),
           ("quoted", "answer quotes the answering phrase"),
           ("false_nothing", "says 'nothing answers' when something does"),
           ("false_answer", "answers when nothing does"))


def report(verdicts: list[dict]) -> None:
    """The metrics on the whole set and on each half (columns: all, tune, test)."""
    halves = {name: [v for v in verdicts if name == "all" or v["split"] == name] for name in ("all", "tune", "test")}
    print(f"  {'':<44} {'all':<14} {'tune':<14} {'test':<14}")
    for key, label in METRICS:
        print(f"  {label:<44} " + " ".join(f"{rate(group, key):<14}" for group in halves.values()))
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for verdict in verdicts:
        if "p_at_1" in verdict:
            by_lang[verdict["lang"]].append(verdict)
    print("  precision@1 by language: " + ", ".join(f"{k} {rate(v, 'p_at_1')}" for k, v in sorted(by_lang.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--split", choices=("all", "tune", "test"), default="all",
                        help="the questions asked (default all; the report shows both halves either way)")
    parser.add_argument("--send-lang", action="store_true", help="send each question's lang (default: none)")
    parser.add_argument("--show", action="store_true", help="print each question's first citation and verdict")
    parser.add_argument("--url", help="a live server (default: in-process test client)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    splits = split_of(rows)
    rows = [r for r in rows if args.split in ("all", splits[r["qid"]])]
    ask = asker(args.url)
    ask(rows[0]["question"], None)  # loads the model; keep it out of the timing
    verdicts: list[dict] = []
    started = time.perf_counter()
    for row in rows:
        body = ask(row["question"], row["lang"] if args.send_lang else None)
        verdict = {**judge(row, body), "lang": row["lang"], "split": splits[row["qid"]]}
        verdicts.append(verdict)
        if args.show:
            first = cited(body)[0] if cited(body) else {}
            score = first.get("score")
            print(f"  {row['qid']:<10} {verdict['split']:<4} found={body.get('found')!s:<5} {first.get('identifier')} "
                  f"{first.get('paragraph_code')} {score}  "
                  f"{ {k: v for k, v in verdict.items() if k not in ('lang', 'split')} }  {row['question'][:60]!r}")
    took = (time.perf_counter() - started) / len(rows)
    answerable = [v for v in verdicts if "p_at_1" in v]
    print(f"{len(rows)} questions ({len(answerable)} answerable, {len(rows) - len(answerable)} that nothing "
          f"answers); lang {'sent' if args.send_lang else 'not sent'}; {took * 1000:.0f} ms per question")
    report(verdicts)


if __name__ == "__main__":
    main()
