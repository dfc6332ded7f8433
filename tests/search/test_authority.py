"""The ranking prior of search.retrieval.authority: records others point at, and the framework in force."""

from __future__ import annotations

from search.engine import SearchHit
from search.retrieval.authority import rerank


def _hit(identifier: str, type_: str, score: float) -> SearchHit:
    return SearchHit(id=identifier, identifier=identifier, type=type_, title=identifier, url="/", language="en",
                     snippet="", score=score)


def test_of_two_generations_matching_alike_the_target_in_force_comes_first():
    hits = [_hit("AICHI-TARGET-09", "aichi-target", 10.0), _hit("GBF-TARGET-06", "gbf-target", 9.5)]
    assert [h.identifier for h in rerank(hits, {"GBF-TARGET-06": 0, "X": 10})] == ["GBF-TARGET-06",
                                                                                     "AICHI-TARGET-09"]


def test_an_aichi_target_matching_clearly_better_keeps_its_place():
    hits = [_hit("AICHI-TARGET-11", "aichi-target", 20.0), _hit("GBF-TARGET-01", "gbf-target", 10.0)]
    assert [h.identifier for h in rerank(hits, {"X": 10})] == ["AICHI-TARGET-11", "GBF-TARGET-01"]


def test_records_pointed_at_rise_above_leaves_matching_alike():
    hits = [_hit("GBF-INDICATOR-6.1", "gbf-indicator", 10.0), _hit("GBF-TARGET-06", "gbf-target", 9.5)]
    assert rerank(hits, {"GBF-TARGET-06": 50})[0].identifier == "GBF-TARGET-06"
