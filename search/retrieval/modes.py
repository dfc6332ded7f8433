"""Retrieval modes of the search API (lexical | semantic | hybrid), behind one small hook.

The lexical mode is the engine plus the reference-aware query pipeline. Other capabilities plug in their
modes at start-up (`register("semantic", runner)` from their AppConfig.ready()), so search.api.views never imports
them. A runner receives the engine, the query and the *depth* wanted, and returns an `Interpreted` whose first
`depth` hits are ranked best first (the query's page is the view's business); grouping, language preference,
promotions and facets stay in the view, identical for every mode.
"""

from __future__ import annotations

from collections.abc import Callable

from search.engine import SearchEngine, SearchQuery, SearchResult
from search.retrieval import pipeline

MODES: tuple[str, ...] = ("lexical", "semantic", "hybrid")
DEFAULT_MODE = "lexical"

Runner = Callable[[SearchEngine, SearchQuery, int], pipeline.Interpreted]


def lexical(engine: SearchEngine, query: SearchQuery, depth: int) -> pipeline.Interpreted:
    return pipeline.window(engine, query, depth)


_runners: dict[str, Runner] = {"lexical": lexical}
_fallback: list[Runner] = []  # at most one: what answers when no word of a query is in the index


def register(mode: str, runner: Runner) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
    _runners[mode] = runner


def unregister(mode: str) -> None:
    """Remove a plugged-in mode (tests; a capability switched off). The lexical mode always stays."""
    if mode != DEFAULT_MODE:
        _runners.pop(mode, None)


def register_fallback(runner: Runner | None) -> None:
    """The last resort of a lexical search that matched nothing (embeddings plugs in its semantic path, which
    keeps only passages close enough in meaning); None removes it."""
    _fallback[:] = [runner] if runner is not None else []


def fallback_runner() -> Runner:
    """The fallback as a runner; without one plugged in, a runner that finds nothing."""
    return _fallback[0] if _fallback else _nothing


def _nothing(engine: SearchEngine, query: SearchQuery, depth: int) -> pipeline.Interpreted:
    return pipeline.Interpreted(SearchResult(total=0, hits=[], facets={}, took_ms=0.0), rest=query.q)


def effective_mode(mode: str) -> str:
    """The mode that will actually run: an unplugged semantic/hybrid mode falls back to lexical, so a client
    asking for hybrid keeps working while the vector index is off (the response says which mode ran)."""
    return mode if mode in _runners else DEFAULT_MODE


#: Query languages for which the default lexical mode blends in the semantic path (hybrid): the records are
#: English, so such a query reaches them through the glossary's translation alone, and the semantic side, fed
#: the same translated text, ranks the records that say it in other words. Measured on the tune half of
#: bench/sets/queries.jsonl (lexical, no lang): non-English queries 0.851 -> 0.884, English ones are not
#: helped on the shared dev set (hybrid for English queries with a weak match cost its questions 0.37).
BLENDED_LANGUAGES = frozenset({"fr", "es", "ru", "ar", "zh"})


_blend: list[Runner] = []  # at most one: hybrid for lexical requests in other languages (embeddings plugs it in)


def register_blend(runner: Runner | None) -> None:
    """What a lexical request in another UN language runs (`for_query`); None removes it."""
    _blend[:] = [runner] if runner is not None else []


def for_query(mode: str, language: str | None, translated: bool = True) -> str:
    """The mode that runs for a query in `language` (search.understanding.language.recognise) when `mode` was
    asked: the default lexical mode becomes "hybrid" (the blend) for a query in another UN language that the
    glossary translated, when the blend is plugged in (the response's `query.mode` says so); every other request
    runs as asked. Untranslated, a Latin-script query is as likely English read as Spanish ("Cartagena
    Protocol"), and the semantic side would read words the records do not hold."""
    if mode == DEFAULT_MODE and language in BLENDED_LANGUAGES and translated and _blend:
        return "hybrid"
    return effective_mode(mode)


def run(mode: str, engine: SearchEngine, query: SearchQuery, depth: int, blended: bool = False
        ) -> pipeline.Interpreted:
    """The first `depth` results of the mode (a mode that is not plugged in runs lexical); `blended`: the blend
    that `for_query` chose instead of the lexical mode."""
    if blended and _blend:
        return _blend[0](engine, query, depth)
    return _runners[effective_mode(mode)](engine, query, depth)
