"""Retrieval modes of the search API (lexical | semantic | hybrid), behind one small hook.

The lexical mode is the engine plus the reference-aware query pipeline. Other capabilities plug in their
modes at start-up (`register("semantic", runner)` from their AppConfig.ready()), so search.views never imports
them. A runner receives the engine and a *window* query (page 1, no facets) and returns an `Interpreted`
whose hits are ranked best first; grouping, language preference, promotions and facets stay in the view,
identical for every mode.
"""

from __future__ import annotations

from collections.abc import Callable

from search import query as pipeline
from search.engine import SearchEngine, SearchQuery

MODES: tuple[str, ...] = ("lexical", "semantic", "hybrid")
DEFAULT_MODE = "lexical"

Runner = Callable[[SearchEngine, SearchQuery], pipeline.Interpreted]


def lexical(engine: SearchEngine, query: SearchQuery) -> pipeline.Interpreted:
    return pipeline.search(engine, query)


_runners: dict[str, Runner] = {"lexical": lexical}


def register(mode: str, runner: Runner) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
    _runners[mode] = runner


def unregister(mode: str) -> None:
    """Remove a plugged-in mode (tests; a capability switched off). The lexical mode always stays."""
    if mode != DEFAULT_MODE:
        _runners.pop(mode, None)


def available() -> list[str]:
    return [m for m in MODES if m in _runners]


def effective_mode(mode: str) -> str:
    """The mode that will actually run: an unplugged semantic/hybrid mode falls back to lexical, so a client
    asking for hybrid keeps working while the vector index is off (the response says which mode ran)."""
    return mode if mode in _runners else DEFAULT_MODE


def run(mode: str, engine: SearchEngine, query: SearchQuery) -> pipeline.Interpreted:
    return _runners[effective_mode(mode)](engine, query)
