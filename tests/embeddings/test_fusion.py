"""Fusing lexical and semantic rankings into records, with the best passage shown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from embeddings.fusion import reciprocal_rank_fusion, weighted_score_fusion


@dataclass
class Hit:
    identifier: str
    score: float
    paragraph_code: str | None = None
    anchor: str | None = None


LEXICAL = [Hit("cbd-08", 12.0), Hit("cbd-08", 11.5, "cbd-08/j", "para-j"), Hit("2024-001", 6.0), Hit("cbd-10", 2.0)]
SEMANTIC = [Hit("GBF-TARGET-22", 0.71), Hit("cbd-08", 0.69, "cbd-08/j", "para-j"), Hit("cbd-10", 0.5)]


def test_a_record_found_by_both_engines_outranks_records_found_by_one():
    fused = reciprocal_rank_fusion(LEXICAL, SEMANTIC)
    assert fused[0].identifier == "cbd-08"
    assert (fused[0].lexical_rank, fused[0].semantic_rank) == (1, 2)
    assert {h.identifier for h in fused} == {"cbd-08", "2024-001", "cbd-10", "GBF-TARGET-22"}


def test_passages_are_grouped_so_ranks_count_records():
    fused = {h.identifier: h for h in reciprocal_rank_fusion(LEXICAL, [])}
    # cbd-08 has two lexical hits but counts once; 2024-001 is the second record, not the third hit.
    assert fused["2024-001"].lexical_rank == 2
    assert len(fused["cbd-08"].passages) == 2


def test_the_paragraph_is_shown_when_it_scores_close_to_its_record():
    top = reciprocal_rank_fusion(LEXICAL, SEMANTIC)[0]
    assert (top.paragraph_code, top.anchor) == ("cbd-08/j", "para-j")


def test_a_distant_paragraph_does_not_replace_the_record_hit():
    lexical = [Hit("cbd-08", 12.0), Hit("cbd-08", 3.0, "cbd-08/a", "para-a")]
    assert reciprocal_rank_fusion(lexical, [])[0].paragraph_code is None


def test_weights_decide_which_engine_leads():
    lexical_first = reciprocal_rank_fusion([Hit("a", 1)], [Hit("b", 1)], weights=(1.0, 0.5))
    semantic_first = reciprocal_rank_fusion([Hit("a", 1)], [Hit("b", 1)], weights=(0.5, 1.0))
    assert [h.identifier for h in lexical_first] == ["a", "b"]
    assert [h.identifier for h in semantic_first] == ["b", "a"]


def test_rrf_score_is_the_sum_of_reciprocal_ranks():
    (hit,) = reciprocal_rank_fusion([Hit("a", 5)], [Hit("a", 0.3)], k=10, weights=(1.0, 1.0))
    assert hit.score == pytest.approx(2 / 11)


def test_limit_and_empty_inputs():
    assert reciprocal_rank_fusion([], []) == []
    assert len(reciprocal_rank_fusion(LEXICAL, SEMANTIC, limit=2)) == 2


def test_weighted_fusion_normalises_each_engines_scores():
    # BM25 scores in the tens and cosine scores below one must not swamp each other.
    fused = weighted_score_fusion([Hit("a", 40.0), Hit("b", 10.0)], [Hit("b", 0.9), Hit("a", 0.2)], weights=(0.5, 0.5))
    scores = {h.identifier: h.score for h in fused}
    assert scores == pytest.approx({"a": 0.5, "b": 0.5})
    lex_heavy = weighted_score_fusion(
        [Hit("a", 40.0), Hit("b", 10.0)], [Hit("b", 0.9), Hit("a", 0.2)], weights=(0.8, 0.2)
    )
    assert lex_heavy[0].identifier == "a"


def test_dict_hits_are_accepted():
    fused = reciprocal_rank_fusion([{"identifier": "x", "score": 1.0}], [{"identifier": "x", "score": 0.5}])
    assert fused[0].identifier == "x" and fused[0].best == {"identifier": "x", "score": 1.0}


def test_default_fusion_ranks_lexical_matches_above_semantic_only_lookalikes():
    # "2024-031" typed as a symbol: lexical finds it first, semantic only finds look-alike notifications.
    lexical = [Hit("2024-031", 30.0), Hit("2024-066", 8.0)]
    semantic = [Hit("2025-036", 0.6), Hit("2024-087", 0.58), Hit("2024-066", 0.5)]
    fused = {h.identifier: h.score for h in reciprocal_rank_fusion(lexical, semantic)}
    assert sorted(fused, key=fused.get, reverse=True)[:2] == ["2024-066", "2024-031"]
    assert fused["2024-031"] > 3 * fused["2025-036"]
    # With equal weights the semantic-only look-alike ties with the exact match.
    equal = {h.identifier: h.score for h in reciprocal_rank_fusion(lexical, semantic, weights=(1.0, 1.0))}
    assert equal["2025-036"] == equal["2024-031"]
