"""Combine a lexical and a semantic ranking into one list of records.

Both inputs are ranked lists of hits that expose ``identifier`` and ``score`` (``search.SearchHit`` and
``embeddings.store.PassageHit`` both do; dicts work too). Several hits of the same record (record document,
paragraphs, file chunks) are grouped first: a record ranks by its best hit, and that hit (with its
paragraph code and anchor) is what the result shows.

Defaults were tuned on the whole dev set (bench/relevance_semantic.py), not on single queries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Tuned on the whole dev set (bench/relevance_semantic.py --grid, all-MiniLM-L6-v2 + embedded tantivy engine):
# k=5 with the semantic list at 0.3 weight scored nDCG@10 0.885 vs 0.86 lexical alone, and its neighbours
# (k 2-10, weight 0.2-0.3) all stay >= 0.845; the textbook k=60 with equal weights LOSES to lexical (0.79),
# because it lets weak semantic neighbours displace exact symbol matches. Retune after switching model.
RRF_K = 5
RRF_WEIGHTS = (1.0, 0.3)
# Score fusion stayed below lexical alone at every weight tried (best 0.75 at 0.1): prefer RRF.
SCORE_WEIGHTS = (0.9, 0.1)


def _get(hit: Any, name: str, default: Any = None) -> Any:
    if isinstance(hit, Mapping):
        return hit.get(name, default)
    return getattr(hit, name, default)


@dataclass
class FusedHit:
    identifier: str
    score: float
    best: Any  # the hit shown for this record (carries paragraph_code, anchor, snippet or text)
    lexical_rank: int | None = None  # 1-based rank of the record in each input, None when absent
    semantic_rank: int | None = None
    passages: list[Any] = field(default_factory=list)  # every hit of the record, best first

    @property
    def paragraph_code(self) -> str | None:
        return _get(self.best, "paragraph_code")

    @property
    def anchor(self) -> str | None:
        return _get(self.best, "anchor")


def group_by_record(hits: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    """[(identifier, [hits best first])] in order of each record's best hit."""
    groups: dict[str, list[Any]] = {}
    for hit in hits:
        groups.setdefault(str(_get(hit, "identifier")), []).append(hit)
    return list(groups.items())


def _pick_best(
    lexical: list[Any] | None, semantic: list[Any] | None, lex_rank: int | None, sem_rank: int | None
) -> Any:
    """The hit to display: from the side that ranked the record higher; a close paragraph beats a whole record."""
    lex_first = bool(lexical) and (not semantic or (lex_rank or 10**9) <= (sem_rank or 10**9))
    side: list[Any] = (lexical if lex_first else semantic) or []
    top = side[0]
    if _get(top, "paragraph_code"):
        return top
    # Scores compare only within one side; a paragraph scoring within 10% of its record is more precise to show.
    top_score = float(_get(top, "score", 0) or 0)
    for hit in side[1:3]:
        if _get(hit, "paragraph_code") and float(_get(hit, "score", 0) or 0) >= 0.9 * top_score:
            return hit
    return top


def _fuse(
    lexical: Sequence[Any], semantic: Sequence[Any], contributions: dict[str, float], limit: int | None
) -> list[FusedHit]:
    lex_groups, sem_groups = dict(group_by_record(lexical)), dict(group_by_record(semantic))
    lex_rank = {ident: i + 1 for i, ident in enumerate(lex_groups)}
    sem_rank = {ident: i + 1 for i, ident in enumerate(sem_groups)}
    fused = []
    for ident, score in contributions.items():
        lhits, shits = lex_groups.get(ident), sem_groups.get(ident)
        best = _pick_best(lhits, shits, lex_rank.get(ident), sem_rank.get(ident))
        fused.append(
            FusedHit(ident, score, best, lex_rank.get(ident), sem_rank.get(ident), (lhits or []) + (shits or []))
        )
    # Ties are broken by the better single-list rank, so the order is deterministic.
    fused.sort(key=lambda h: (-h.score, min(h.lexical_rank or 10**9, h.semantic_rank or 10**9), h.identifier))
    return fused[:limit] if limit else fused


def reciprocal_rank_fusion(
    lexical: Sequence[Any],
    semantic: Sequence[Any],
    *,
    k: int = RRF_K,
    weights: tuple[float, float] = RRF_WEIGHTS,
    limit: int | None = None,
) -> list[FusedHit]:
    """score(record) = sum over lists of weight / (k + rank); ranks count records, not passages."""
    scores: dict[str, float] = {}
    for hits, weight in ((lexical, weights[0]), (semantic, weights[1])):
        for rank, (ident, _group) in enumerate(group_by_record(hits), start=1):
            scores[ident] = scores.get(ident, 0.0) + weight / (k + rank)
    return _fuse(lexical, semantic, scores, limit)


def _normalised(hits: Sequence[Any]) -> dict[str, float]:
    """Min-max normalised best score per record (scores of different engines are not on one scale)."""
    best = {ident: float(_get(group[0], "score", 0.0) or 0.0) for ident, group in group_by_record(hits)}
    if not best:
        return {}
    low, high = min(best.values()), max(best.values())
    span = high - low
    return {ident: (s - low) / span if span > 0 else 1.0 for ident, s in best.items()}


def weighted_score_fusion(
    lexical: Sequence[Any],
    semantic: Sequence[Any],
    *,
    weights: tuple[float, float] = SCORE_WEIGHTS,
    limit: int | None = None,
) -> list[FusedHit]:
    """score(record) = w_lex * norm(lexical score) + w_sem * norm(semantic score); absent counts as 0."""
    scores: dict[str, float] = {}
    for norm, weight in ((_normalised(lexical), weights[0]), (_normalised(semantic), weights[1])):
        for ident, value in norm.items():
            scores[ident] = scores.get(ident, 0.0) + weight * value
    return _fuse(lexical, semantic, scores, limit)
