"""Misspelt variants of the judged English queries, and how much of the correct spelling's score they keep.

The own set's typo category holds 17 queries that are easier than the held-out set's (0.91-0.94 against 0.796
nDCG@10), so this derives misspellings of every judged English topic, question and symbol-plus-words query of
bench/sets/queries.jsonl and of the shared dev set, with seeded error models of the ways people mistype:

    keyboard   a letter dropped, doubled, two swapped, a neighbouring key (the first letter too, now and then)
    phonetic   spelt as heard: "biodiversaty", "polinators", "invassive", "acess", "benifit", "complience"
    split      a compound cut in two: "bio diversity", "bio-safety", "frame work", "stake holders"
    join       two words run together, or a hyphen dropped: "capacitybuilding", "landuse"
    plural     the wrong number: "target" for "targets", "specie"
    spelling   British / American: "organization", "program", "center", "analyze", "behavior"

A variant keeps its original's judgments and its half (a variant of a tune query is tune; the dev set's
variants are tune, as the dev set is tuned on).

    .venv/bin/python bench/typo_variants.py generate            # writes bench/sets/typos.jsonl
    CBD_VAR_DIR=... .venv/bin/python bench/typo_variants.py evaluate [--split tune] [--show] [--mode lexical]

`evaluate` runs each variant and its original through /api/search/ (no `lang`, as the held-out judge runs) and
prints nDCG@10 of originals and variants per half and per error kind, then the variants that lose most.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from relevance_sets import default_dev_path, load_rows  # noqa: E402

SETS = ROOT / "bench" / "sets"
OUT = SETS / "typos.jsonl"
SEED = "cbd-typos-v1"
VARIANTS_PER_QUERY = 3
#: Words this short are typed right far more often than not, and symbols ("COP", "15/4") are copied, not typed.
MIN_WORD = 4
SOURCE_CATEGORIES = {"topic", "question", "crosslingual"}

QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
VOWELS = "aeiou"


def _neighbours() -> dict[str, str]:
    """Keys beside each letter on a QWERTY keyboard (same row, and the row above/below at the same place)."""
    where = {c: (r, i) for r, row in enumerate(QWERTY) for i, c in enumerate(row)}
    out = {}
    for c, (r, i) in where.items():
        near = [row[j] for rr, row in enumerate(QWERTY) if abs(rr - r) <= 1
                for j in (i - 1, i, i + 1) if 0 <= j < len(row) and row[j] != c]
        out[c] = "".join(near)
    return out


NEIGHBOURS = _neighbours()

#: Spelt as heard: (pattern, replacement); each rule is tried where it applies.
PHONETIC = [
    (r"ity\b", "aty"), (r"ity\b", "ety"), (r"([^l])l([aeiou])", r"\1ll\2"), (r"ll", "l"), (r"ss", "s"),
    (r"([aeiou])s([aeiou])", r"\1ss\2"), (r"cc", "c"), (r"ie", "ei"), (r"ei", "ie"), (r"ph", "f"),
    (r"tion\b", "sion"), (r"ance\b", "ence"), (r"ence\b", "ance"), (r"able\b", "ible"), (r"ible\b", "able"),
    (r"ent\b", "ant"), (r"ant\b", "ent"), (r"efit", "ifit"), (r"ies\b", "ys"), (r"ous\b", "us"),
    (r"ecies\b", "eces"), (r"ecies\b", "ecie"), (r"ea", "ee"), (r"ou", "o"), (r"mm", "m"), (r"tt", "t"),
    (r"ai", "ia"), (r"ck", "k"), (r"([^c])c([ei])", r"\1s\2"), (r"ate\b", "ait"), (r"y\b", "ey"),
    (r"sis\b", "ses"), (r"al\b", "el"), (r"er\b", "ar"), (r"or\b", "er"), (r"ment\b", "mant"),
]

#: Prefixes people write as a word of their own ("bio diversity", "bio-safety", "frame work").
COMPOUND_PREFIXES = [
    "bio", "eco", "agro", "geo", "micro", "macro", "multi", "inter", "trans", "sub", "non", "self", "wild",
    "wet", "frame", "work", "stake", "land", "sea", "water", "hand", "dead", "side", "head", "fresh", "main",
    "cross", "under", "over", "data", "mile", "road", "share", "bench", "border", "house", "home", "tech",
]

#: British spelling -> American (and back): organisation/organization, programme/program, centre/center.
SPELLINGS = [
    (r"is(e|ed|es|ing|ation|ations)\b", r"iz\1"), (r"iz(e|ed|es|ing|ation|ations)\b", r"is\1"),
    (r"our\b", "or"), (r"ours\b", "ors"), (r"programme", "program"), (r"program\b", "programme"),
    (r"tre\b", "ter"), (r"tres\b", "ters"), (r"ter\b", "tre"), (r"yse\b", "yze"), (r"ence\b", "ense"),
    (r"lling\b", "ling"), (r"lled\b", "led"), (r"ogue\b", "og"),
]


def _content_words(query: str) -> list[tuple[int, int]]:
    """Spans of the words a misspelling may hit: alphabetic, at least MIN_WORD letters, not an acronym."""
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+(?:'[a-z]+)?", query)
            if len(m.group()) >= MIN_WORD and not m.group().isupper()]


def keyboard(word: str, rng: random.Random) -> str | None:
    """One slip of the fingers; the first letter is hit one time in eight (people mostly see it)."""
    start = 0 if rng.random() < 0.125 else 1
    i = rng.randrange(start, len(word))
    lower = word[i].lower()
    slip = rng.choice(["drop", "double", "swap", "near"])
    if slip == "drop":
        return word[:i] + word[i + 1:]
    if slip == "double":
        return word[:i + 1] + word[i] + word[i + 1:]
    if slip == "swap" and i + 1 < len(word) and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if lower in NEIGHBOURS:
        key = rng.choice(NEIGHBOURS[lower])
        return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1:]
    return None


def _rewrite(word: str, rules: list[tuple[str, str]], rng: random.Random) -> str | None:
    """One rule where it applies (at one of its places), chosen at random; None when none applies."""
    options = []
    for pattern, replacement in rules:
        for m in re.finditer(pattern, word.lower()):
            new = word[:m.start()] + m.expand(replacement) + word[m.end():]
            if new.lower() != word.lower():
                options.append(new)
    return rng.choice(sorted(set(options))) if options else None


def phonetic(word: str, rng: random.Random) -> str | None:
    return _rewrite(word, PHONETIC, rng)


def spelling(word: str, rng: random.Random) -> str | None:
    return _rewrite(word, SPELLINGS, rng)


def split(word: str, rng: random.Random) -> str | None:
    """A compound cut after its prefix, with a space or a hyphen."""
    for prefix in sorted(COMPOUND_PREFIXES, key=len, reverse=True):
        if word.lower().startswith(prefix) and len(word) - len(prefix) >= 3:
            cut = len(prefix)
            return word[:cut] + rng.choice([" ", "-"]) + word[cut:]
    return None


def plural(word: str, rng: random.Random) -> str | None:
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if lower.endswith(("ss", "us", "is")):
        return None
    if lower.endswith("s"):
        return word[:-1]
    if lower.endswith("y") and lower[-2:-1] not in VOWELS:
        return word[:-1] + "ies"
    if lower.endswith(("ed", "ing", "al", "ic", "ive", "ous", "ful")):
        return None  # adjectives and verbs take no plural
    return word + "s"


WORD_ERRORS: dict[str, Callable[[str, random.Random], str | None]] = {
    "keyboard": keyboard, "phonetic": phonetic, "split": split, "plural": plural, "spelling": spelling,
}


def join(query: str, rng: random.Random) -> str | None:
    """A hyphen dropped ("capacitybuilding") or two words run together ("landuse")."""
    hyphens = [m.start() for m in re.finditer(r"(?<=[a-z])-(?=[a-z])", query)]
    if hyphens:
        i = rng.choice(hyphens)
        return query[:i] + rng.choice(["", " "]) + query[i + 1:]
    gaps = [m.start() for m in re.finditer(r"(?<=\b[a-z]{3})\s(?=[a-z]{3,8}\b)", query)]
    gaps += [m.start() for m in re.finditer(r"(?<=[a-z]{4})\s(?=[a-z]{3,5}\b)", query)]
    if not gaps:
        return None
    i = rng.choice(sorted(set(gaps)))
    return query[:i] + query[i + 1:]


def misspell(query: str, kind: str, rng: random.Random) -> str | None:
    """The query with one error of `kind` (two words hit one time in three for keyboard and phonetic)."""
    if kind == "join":
        return join(query, rng)
    spans = _content_words(query)
    rng.shuffle(spans)
    hits = 2 if kind in ("keyboard", "phonetic") and len(spans) >= 3 and rng.random() < 1 / 3 else 1
    out, done = query, 0
    for start, end in sorted(spans, key=lambda s: -s[0]):  # from the right: earlier spans stay valid
        if done == hits:
            break
        new = WORD_ERRORS[kind](query[start:end], rng)
        if new and new != query[start:end]:
            out, done = out[:start] + new + out[end:], done + 1
    return out if done else None


KIND_ORDER = ["keyboard", "phonetic", "split", "join", "spelling", "plural"]  # see variants()


def variants(row: dict) -> list[dict]:
    """Up to VARIANTS_PER_QUERY misspellings of one query, each of a different kind (keyboard and phonetic
    first: the most common), seeded by the query's id."""
    rng = random.Random(f"{SEED}:{row['qid']}")
    # Splits and British/American spellings apply to few queries: tried before the joins and plurals.
    kinds = [*KIND_ORDER[:2], *rng.sample(KIND_ORDER[2:3] + KIND_ORDER[4:5], 2),
             *rng.sample(KIND_ORDER[3:4] + KIND_ORDER[5:], 2)]
    out = []
    for kind in kinds:
        text = misspell(row["query"], kind, rng)
        if text is None or text.lower() == row["query"].lower() or any(v["query"] == text for v in out):
            continue
        out.append({"qid": f"{row['qid']}~{len(out) + 1}", "query": text, "lang": "en", "category": "typo",
                    "split": row.get("split") or "tune", "kind": kind, "source_qid": row["qid"],
                    "source_query": row["query"], "source_category": row["category"], "rels": row["rels"]})
        if len(out) == VARIANTS_PER_QUERY:
            break
    return out


def sources(paths: list[Path]) -> list[dict]:
    """The judged English queries people type as words: topics, questions and symbols with words."""
    return [row for row in load_rows(paths) if row["lang"] == "en" and any(v > 0 for v in row["rels"].values())
            and (row["category"] in SOURCE_CATEGORIES or "symbol+words" in (row.get("tags") or []))]


def generate(paths: list[Path], out: Path) -> None:
    rows = [v for row in sources(paths) for v in variants(row)]
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_kind = defaultdict(int)
    for row in rows:
        by_kind[row["kind"]] += 1
    print(f"{len(rows)} variants -> {out} ({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))})")


def ndcg_at_10(rels: dict[str, int], ids: list[str]) -> float:
    """nDCG@10 with linear gain and log2 discount, as ranx's "ndcg@10" (bench/relevance.py) computes it."""
    dcg = sum(rels.get(ident, 0) / math.log2(rank + 2) for rank, ident in enumerate(ids[:10]))
    ideal = sum(g / math.log2(rank + 2) for rank, g in enumerate(sorted(rels.values(), reverse=True)[:10]))
    return dcg / ideal if ideal else 0.0


def _ndcg_per_query(rows: list[dict], ranked: dict[str, list[str]]) -> dict[str, float]:
    return {r["qid"]: ndcg_at_10(r["rels"], ranked[r["qid"]]) for r in rows}


def evaluate_set(path: Path, split_name: str, mode: str, show: int) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from relevance_api import fetcher, search_page

    rows = [r for r in load_rows([path]) if split_name == "all" or r["split"] == split_name]
    fetch = fetcher(None)
    originals = {r["source_qid"]: {**r, "qid": r["source_qid"], "query": r["source_query"]} for r in rows}

    def rank(items: list[dict]) -> dict[str, list[str]]:
        return {r["qid"]: [h["identifier"] for h in search_page(fetch, r["query"], None, mode, 10)] for r in items}

    got = _ndcg_per_query(rows, ranked := rank(rows))
    base = _ndcg_per_query(list(originals.values()), rank(list(originals.values())))
    print(f"{path.name}: {len(rows)} variants of {len(originals)} queries, mode={mode}, no lang")
    print(f"  {'group':<22}{'n':>5}{'original':>10}{'variant':>9}{'kept':>7}")
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for key in ("all", f"half {r['split']}", f"kind {r['kind']}", f"from {r['source_category']}"):
            groups[key].append(r)
    for key in sorted(groups, key=lambda k: (k != "all", k)):
        members = groups[key]
        o = sum(base[r["source_qid"]] for r in members) / len(members)
        v = sum(got[r["qid"]] for r in members) / len(members)
        print(f"  {key:<22}{len(members):>5}{o:>10.3f}{v:>9.3f}{v / o if o else 0:>7.2f}")
    if show:
        print(f"\nlargest losses (original - variant nDCG@10), first {show}:")
        worst = sorted(rows, key=lambda r: got[r["qid"]] - base[r["source_qid"]])[:show]
        for r in worst:
            print(f"  {r['qid']:<10}{base[r['source_qid']]:.2f} -> {got[r['qid']]:.2f} {r['kind']:<9}"
                  f"{r['query']!r} ({r['source_query']!r}) {ranked[r['qid']][:4]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the variants")
    gen.add_argument("--set", type=Path, nargs="+", default=None, help="default: queries.jsonl and the dev set")
    gen.add_argument("--out", type=Path, default=OUT)
    ev = sub.add_parser("evaluate", help="score variants against their originals")
    ev.add_argument("--typos", type=Path, default=OUT)
    ev.add_argument("--split", default="all", choices=["all", "tune", "test"])
    ev.add_argument("--mode", default="lexical", choices=["lexical", "semantic", "hybrid"])
    ev.add_argument("--show", type=int, default=0, help="list this many variants that lose most")
    args = parser.parse_args()
    if args.command == "generate":
        dev = default_dev_path()
        generate(args.set or [SETS / "queries.jsonl", *([dev] if dev else [])], args.out)
    else:
        evaluate_set(args.typos, args.split, args.mode, args.show)


if __name__ == "__main__":
    main()
