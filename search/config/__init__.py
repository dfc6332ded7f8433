"""Engine configuration kept as deployable files (synonyms, stop words), shared by every engine."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent


@cache
def synonym_groups(path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """Groups of equivalent terms from synonyms.txt (comments and blank lines skipped)."""
    source = path or CONFIG_DIR / "synonyms.txt"
    groups = []
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        groups.append(tuple(t.strip() for t in line.split("|") if t.strip()))
    return tuple(groups)


def synonym_map(path: Path | None = None) -> dict[str, list[str]]:
    """Meilisearch's shape: every term maps to the other terms of its group."""
    mapping: dict[str, list[str]] = {}
    for group in synonym_groups(path):
        for term in group:
            others = [t for t in group if t.lower() != term.lower()]
            mapping.setdefault(term, [])
            mapping[term] += [o for o in others if o not in mapping[term]]
    return mapping


@cache
def stopwords(lang: str) -> frozenset[str]:
    path = CONFIG_DIR / "stopwords" / f"{lang}.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def all_stopwords() -> list[str]:
    return sorted(set().union(*(stopwords(lang) for lang in ("en", "fr", "es", "ru"))))
