"""Accuracy of a query-language detector on short CBD queries in the six UN languages.

The set (bench/sets/langid.jsonl, ``{text, lang, source}``) holds 1-6 word queries: official CBD terminology,
everyday queries and hard cases (cognates, protocol names, symbols, proper names, mixed scripts). A detector is
any callable ``detect(text) -> "ar"|"en"|"es"|"fr"|"ru"|"zh"|None`` named as ``module:function`` (modules are
looked up from the repo root and bench/); ``None`` counts as wrong.

    .venv/bin/python bench/langid_eval.py [--set bench/sets/langid.jsonl] \
        [--detector langid_baselines:lingua_detect ...] [--baselines] [--errors]

Prints, per detector: accuracy overall, per language, per length bucket (1, 2, 3-4, 5-6 words; a Chinese
"word" is two characters), per source, a confusion matrix (rows: true language, columns: answer), and the mean
time per query in this process (a figure, not a goal). ``--baselines`` runs both baselines of
bench/langid_baselines.py (lingua restricted to the six languages, py3langid) in the same run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

SIX = ("ar", "en", "es", "fr", "ru", "zh")
BUCKETS = ("1", "2", "3-4", "5-6")
DEFAULT_SET = ROOT / "bench" / "sets" / "langid.jsonl"
BASELINES = ("langid_baselines:lingua_detect", "langid_baselines:py3langid_detect")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
Detector = Callable[[str], str | None]


def word_count(text: str) -> int:
    """Whitespace words; a run of Chinese characters counts one word per two characters (queries in Chinese
    are typed without spaces, and most Chinese words are two characters)."""
    total = 0
    for token in text.split():
        cjk = len(_CJK.findall(token))
        rest = _CJK.sub("", token)
        total += math.ceil(cjk / 2) + (1 if re.search(r"\w", rest) else 0)
    return max(total, 1)


def bucket(text: str) -> str:
    words = word_count(text)
    return "1" if words == 1 else "2" if words == 2 else "3-4" if words <= 4 else "5-6"


def load_detector(path: str) -> Detector:
    module_name, _, function = path.partition(":")
    if not function:
        raise SystemExit(f"--detector {path!r}: expected module:function")
    return getattr(importlib.import_module(module_name), function)


def load_set(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [row for row in rows if row.get("lang") not in SIX or not row.get("text")]
    if bad:
        raise SystemExit(f"{path}: {len(bad)} rows without text or with a language outside {SIX}: {bad[:2]}")
    return rows


def run(detect: Detector, rows: list[dict]) -> tuple[list[str | None], float]:
    detect(rows[0]["text"])  # first call may load models; keep it out of the per-query time
    started = time.perf_counter()
    answers = [detect(row["text"]) for row in rows]
    return answers, (time.perf_counter() - started) / len(rows)


def accuracy_by(rows: list[dict], answers: list, key: Callable[[dict], str]) -> dict[str, tuple[float, int]]:
    hits: dict[str, list[bool]] = defaultdict(list)
    for row, answer in zip(rows, answers, strict=True):
        hits[key(row)].append(answer == row["lang"])
    return {name: (sum(values) / len(values), len(values)) for name, values in hits.items()}


def table(title: str, scores: dict[str, tuple[float, int]], order: tuple[str, ...] | None = None) -> None:
    names = [name for name in (order or sorted(scores)) if name in scores]
    width = max(9, *(len(name) + 2 for name in names))
    print(f"  {title:<12}" + "".join(f"{name:>{width}}" for name in names))
    print(f"  {'accuracy':<12}" + "".join(f"{scores[name][0]:>{width}.3f}" for name in names))
    print(f"  {'n':<12}" + "".join(f"{scores[name][1]:>{width}}" for name in names))


def confusion(rows: list[dict], answers: list) -> None:
    counts = Counter((row["lang"], answer or "none") for row, answer in zip(rows, answers, strict=True))
    columns = [*SIX, "none"]
    print("  true\\answer " + "".join(f"{c:>6}" for c in columns))
    for truth in SIX:
        print(f"  {truth:<12}" + "".join(f"{counts.get((truth, c), 0):>6}" for c in columns))


def report(name: str, rows: list[dict], answers: list, seconds: float, errors: bool) -> None:
    right = sum(answer == row["lang"] for row, answer in zip(rows, answers, strict=True))
    print(f"\n{name}: accuracy {right / len(rows):.3f} ({right}/{len(rows)}), {seconds * 1e6:.0f} µs per query")
    table("language", accuracy_by(rows, answers, lambda r: r["lang"]), SIX)
    table("words", accuracy_by(rows, answers, lambda r: bucket(r["text"])), BUCKETS)
    table("source", accuracy_by(rows, answers, lambda r: r["source"]))
    confusion(rows, answers)
    if errors:
        for row, answer in zip(rows, answers, strict=True):
            if answer != row["lang"]:
                print(f"    {row['lang']}->{answer or 'none'}  {row['text']!r} ({row['source']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--detector", nargs="+", default=[BASELINES[0]], help="module:function, one or more")
    parser.add_argument("--baselines", action="store_true", help="run both baselines (lingua, py3langid)")
    parser.add_argument("--errors", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    rows = load_set(args.set)
    by_lang = Counter(row["lang"] for row in rows)
    print(f"{len(rows)} queries from {args.set.name}: " + ", ".join(f"{k} {by_lang[k]}" for k in SIX)
          + "; words " + ", ".join(f"{b}: {n}" for b, n in sorted(Counter(bucket(r['text']) for r in rows).items())))
    for path in dict.fromkeys([*args.detector, *(BASELINES if args.baselines else ())]):
        answers, seconds = run(load_detector(path), rows)
        report(path, rows, answers, seconds, args.errors)


if __name__ == "__main__":
    main()
