"""Graded query sets for the relevance harness: where they live, how they load, how they split.

Pure Python (no Django), shared by bench/relevance.py, bench/judge_pool.py and the set builders.

A set is JSONL, one query a line: ``{qid, query, lang, category, rels: {identifier: grade}}`` (grade 2 = what
the asker wants, 1 = related, 0 = judged not relevant), optionally ``split`` ("tune" | "test"), ``note`` and
``tags``. Several files can be read together; their qids must not collide.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS_DIR = ROOT / "bench" / "sets"
DEV_RELATIVE = Path("shared") / "data" / "relevance" / "dev.jsonl"
SPLITS = ("tune", "test")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")


class SetError(ValueError):
    """A set file is missing or malformed; the message says which file and line."""


def default_dev_path() -> Path | None:
    """The shared dev set: ``RELEVANCE_DEV`` if set, else ``../shared/data/relevance/dev.jsonl`` from the repo
    root (or from any folder above it, so a worktree nested deeper finds the same copy); None when absent."""
    configured = os.environ.get("RELEVANCE_DEV")
    if configured:
        return Path(configured)
    for folder in ROOT.parents:
        candidate = folder / DEV_RELATIVE
        if candidate.is_file():
            return candidate
    return None


def missing_dev_message() -> str:
    return (
        "The shared dev set was not found (looked for RELEVANCE_DEV, then ../shared/data/relevance/dev.jsonl "
        f"above {ROOT}). Set RELEVANCE_DEV=/path/to/dev.jsonl, or score the project's own set: "
        f"--set {SETS_DIR.relative_to(ROOT) / 'queries.jsonl'}"
    )


def load_rows(paths: Iterable[Path]) -> list[dict]:
    """Every query of every file, each tagged with ``_file``; duplicate qids across files are an error."""
    rows: list[dict] = []
    seen: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            raise SetError(f"{path}: no such set file")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise SetError(f"{path}:{number}: not JSON ({error.msg})") from None
            missing = {"qid", "query", "category", "rels"} - row.keys()
            if missing:
                raise SetError(f"{path}:{number}: missing {', '.join(sorted(missing))}")
            if row["qid"] in seen:
                raise SetError(f"{path}:{number}: qid {row['qid']} already in {seen[row['qid']]}")
            seen[row["qid"]] = path
            rows.append({**row, "lang": row.get("lang") or "en", "_file": path.name})
    return rows


def select_split(rows: list[dict], split: str) -> list[dict]:
    """``all`` keeps every row; ``tune``/``test`` keep the rows of that half (rows without a split, such as
    the shared dev set's, belong to neither half)."""
    if split == "all":
        return rows
    return [row for row in rows if row.get("split") == split]


def split_for(qid: str, salt: str = "cbd-relevance-v1") -> str:
    """Deterministic half of a qid, from a hash (stable across machines and Python versions)."""
    digest = hashlib.sha256(f"{salt}:{qid}".encode()).digest()
    return SPLITS[digest[0] & 1]


def assign_splits(rows: list[dict], salt: str = "cbd-relevance-v1") -> dict[str, str]:
    """Tune/test halves stratified by (category, language): inside each stratum the queries are ordered by
    their hash and alternate between the halves, so every stratum is split as evenly as its size allows and
    the result depends only on the qids. The stratum's first half-slot goes to the half its hash prefers."""
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        strata[(row["category"], row["lang"])].append(row["qid"])
    out: dict[str, str] = {}
    for key in sorted(strata):
        qids = sorted(strata[key], key=lambda q: hashlib.sha256(f"{salt}:{q}".encode()).hexdigest())
        first = SPLITS.index(split_for("|".join(key), salt))
        for index, qid in enumerate(qids):
            out[qid] = SPLITS[(first + index) % 2]
    return out


def group_by(rows: list[dict], field: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row.get(field) or "-")].append(row)
    return dict(sorted(groups.items()))


def lang_variants(row: dict) -> list[str | None]:
    """The ``lang`` values a query is pooled with: none (the API's default, English) and its own language."""
    return [None] if row["lang"] == "en" else [None, row["lang"]]


def judged(row: dict) -> set[str]:
    return set(row["rels"])


def summary(rows: list[dict]) -> str:
    by_category = Counter(row["category"] for row in rows)
    by_lang = Counter(row["lang"] for row in rows)
    return (
        f"{len(rows)} queries; categories "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_category.items()))
        + "; languages "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_lang.items()))
    )
