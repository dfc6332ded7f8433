"""The semantic and hybrid retrieval modes of /api/search/ (registered by EmbeddingsConfig.ready).

semantic: the query's vector against every passage (record text, decision paragraphs, file chunks); the view
groups passages under their record, so a record shows its best passage with its paragraph code.
hybrid: reciprocal rank fusion (embeddings.fusion, tuned on the dev set) of the lexical pipeline and the semantic
list, except where one side is known to be right on its own:
  - a query naming a record that resolved ("decision 15/4", "2024-070") keeps the lexical answer, pinned first;
  - a question longer than the lexical engine reads goes semantic (Meilisearch reads only the first 10 words; the
    embedded engine reads them all, and there fusing long questions too scored better: overall nDCG@10 0.865 vs
    0.847, topic 0.852 vs 0.814, the other categories equal; bench/relevance.py --mode hybrid).
If the vector store or model is unavailable, hybrid answers lexically (logged) rather than failing.

The default stays lexical (search.retrieval.modes.DEFAULT_MODE), decided on the dev set through the API on the real data
(all-MiniLM-L6-v2, `bench/relevance.py --mode …`): nDCG@10 overall lexical 0.877, hybrid 0.865, semantic 0.586;
hybrid gains on crosslingual (+0.032, 3 queries) but drops question -0.071. The rule — hybrid by default only where
it beats lexical overall and loses no category by more than 0.02 — is not met, at any RRF k (5, 20, 60) and
semantic weight (0.1-0.5) tried.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from embeddings import runtime
from embeddings.embedder import EmbedderError
from embeddings.filters import ALIASES, INTEGER_FIELDS, KEYWORD_FIELDS
from embeddings.fusion import FusedHit, reciprocal_rank_fusion
from embeddings.store import PassageHit, StoreLockedError
from identifiers import parse_references
from search.engine import SearchEngine, SearchError, SearchHit, SearchQuery, SearchResult
from search.retrieval import pipeline as pipeline

logger = logging.getLogger(__name__)

LONG_QUESTION_WORDS = 10
MIN_DEPTH = 100  # candidates per side for fusion: deep enough that page 1 is stable
SEMANTIC_BESIDE_LEXICAL = True  # hybrid's two sides at once (False: one after the other; bench_hybrid.py compares)
# A request thread waits for its semantic side, so at most one runs per request thread: gunicorn's WEB_THREADS
# (4) per worker, the dev server's own threads; more are only queued.
_SEMANTIC_SIDE = ThreadPoolExecutor(max_workers=8, thread_name_prefix="hybrid-semantic")
SNIPPET_CHARS = 300
UNAVAILABLE = (StoreLockedError, EmbedderError, OSError, RuntimeError, ValueError)


def vector_filters(filters: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """The API filters the vector payloads can answer ("symbol" is a lexical lookup and has no vector side)."""
    known = KEYWORD_FIELDS | INTEGER_FIELDS
    return {k: list(v) for k, v in filters.items() if ALIASES.get(k, k) in known and v}


def semantic_passages(q: str, filters: Mapping[str, Sequence[Any]], depth: int) -> list[PassageHit]:
    """The `depth` passages closest to ``q``, best first; [] when nothing is indexed yet. The query is encoded
    once per call, and each mode calls this once per request (with the depth the view asked for)."""
    vector = runtime.get_embedder().encode_query(q)
    store = runtime.get_store()
    if not store.exists():
        return []
    return store.search(vector, limit=depth, filters=vector_filters(filters))


def passage_to_hit(hit: PassageHit, score: float | None = None) -> SearchHit:
    text = str(hit.payload.get("text") or "")
    snippet = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return SearchHit(
        id=hit.id,
        identifier=str(hit.payload["identifier"]),
        type=str(hit.payload.get("type") or ""),
        title=str(hit.payload.get("title") or ""),
        url=str(hit.payload.get("url") or ""),
        language=str(hit.payload.get("language") or ""),
        snippet=html.escape(snippet),
        paragraph_code=hit.payload.get("paragraph_code"),
        anchor=hit.payload.get("anchor"),
        score=float(hit.score if score is None else score),
        date=hit.payload.get("date"),
    )


def _window(hits: list[SearchHit], depth: int, total: int, interpreted: pipeline.Interpreted | None = None
            ) -> pipeline.Interpreted:
    result = SearchResult(total=total, hits=hits[:depth], facets={}, took_ms=0.0)
    if interpreted is None:
        return pipeline.Interpreted(result)
    # Everything the lexical side understood (the named record, its linked records) stays in the query block.
    return replace(interpreted, result=result)


def semantic(engine: SearchEngine, query: SearchQuery, depth: int) -> pipeline.Interpreted:
    if not query.q.strip() or query.sort != "relevance":
        return pipeline.window(engine, query, depth)  # browsing or date order: nothing to rank by meaning
    try:
        passages = semantic_passages(query.q, query.filters, depth)
    except UNAVAILABLE as exc:
        raise SearchError(f"semantic search unavailable: {exc}") from exc
    hits = [passage_to_hit(p) for p in passages]
    return replace(_window(hits, depth, len(hits)), rest=query.q)


def semantic_fallback(engine: SearchEngine, query: SearchQuery, depth: int) -> pipeline.Interpreted:
    """What a lexical search that matched no word answers with (query.relaxed "semantic"): the passages close
    enough in meaning to the query, by the model's calibrated answer threshold, so a query sharing a concept
    with the corpus finds it and gibberish still finds nothing. Vectors unavailable: nothing (logged)."""
    if not query.q.strip():
        return _window([], depth, 0)
    try:
        passages = semantic_passages(query.q, query.filters, depth)
        floor = runtime.get_embedder().answer_threshold
    except UNAVAILABLE as exc:
        logger.warning("no semantic fallback: vectors unavailable (%s)", exc)
        return _window([], depth, 0)
    hits = [passage_to_hit(p) for p in passages if p.score >= floor]
    return replace(_window(hits, depth, len(hits)), rest=query.q)


def is_long_question(q: str) -> bool:
    return len(q.split()) > LONG_QUESTION_WORDS


def outruns_engine(engine: SearchEngine, q: str) -> bool:
    """True when the lexical engine would read only the start of ``q`` (its ``max_query_words``)."""
    limit = getattr(engine, "max_query_words", None)
    return limit is not None and len(q.split()) > limit


def fused_to_hit(fused: FusedHit) -> SearchHit:
    best = fused.best
    if isinstance(best, PassageHit):
        return passage_to_hit(best, fused.score)
    return replace(best, score=fused.score)


def _semantic_side(query: SearchQuery, depth: int) -> Future[list[PassageHit]] | None:
    """The semantic side of a hybrid query started beside the lexical one, or None to run it after.

    Encoding the query (torch) and the vector search (Qdrant Edge) run outside the GIL for most of their time,
    as does much of the lexical engine, so the two sides overlap on a second core instead of adding up. Only a
    query that names no record starts early: one that does may resolve, and then needs no vector at all.
    """
    if not SEMANTIC_BESIDE_LEXICAL or parse_references(query.q):
        return None
    return _SEMANTIC_SIDE.submit(semantic_passages, query.q, query.filters, depth)


def blended(engine: SearchEngine, query: SearchQuery, depth: int) -> pipeline.Interpreted:
    """Hybrid for a lexical request in another language (search.retrieval.modes.for_query), the semantic side
    kept to passages above the model's answer threshold, so the blend brings in records that say the query in
    other words and not every record with a vector. Tune half, non-English queries, no lang: lexical 0.850,
    unfiltered hybrid 0.867, threshold 0.870 (half of it 0.867, 1.3 times it 0.866)."""
    try:
        floor = runtime.get_embedder().answer_threshold
    except UNAVAILABLE as exc:
        logger.warning("no blend: vectors unavailable (%s)", exc)
        return pipeline.window(engine, query, depth)
    return hybrid(engine, query, depth, min_score=floor)


def hybrid(engine: SearchEngine, query: SearchQuery, depth: int, min_score: float | None = None
           ) -> pipeline.Interpreted:
    if not query.q.strip() or query.sort != "relevance":
        return pipeline.window(engine, query, depth)
    fusion_depth = max(MIN_DEPTH, depth)  # deep enough on both sides that the first page is stable
    early = _semantic_side(query, fusion_depth)
    lexical = pipeline.window(engine, query, fusion_depth)
    if lexical.resolved:  # the query names a record: the exact answer stays first, exactly as in lexical mode
        return _window(lexical.result.hits, depth, lexical.result.total, lexical)
    try:
        passages = early.result() if early else semantic_passages(query.q, query.filters, fusion_depth)
    except UNAVAILABLE as exc:
        logger.warning("hybrid search answered lexically: vectors unavailable (%s)", exc)
        return _window(lexical.result.hits, depth, lexical.result.total, lexical)
    if min_score is not None:
        passages = [p for p in passages if p.score >= min_score]
    if outruns_engine(engine, query.q):
        hits = [passage_to_hit(p) for p in passages]
        return _window(hits, depth, max(len(hits), lexical.result.total), lexical)
    fused = [fused_to_hit(f) for f in reciprocal_rank_fusion(lexical.result.hits, passages)]
    return _window(fused, depth, max(len(fused), lexical.result.total), lexical)
