"""The query pipeline on the embedded engine: how strictly results match (query.relaxed), and the records
linked to a named record coming before its siblings by number (issue 13)."""

from __future__ import annotations

import pytest
from cbd_corpus import make_doc

from search.engine import SearchQuery
from search.engines.embedded import EmbeddedEngine
from search.retrieval import pipeline
from search.retrieval.relaxation import relaxation


@pytest.fixture
def engine(tmp_path):
    engine = EmbeddedEngine(tmp_path / "index")
    engine.configure()
    target = make_doc(1, "GBF-TARGET-03", "gbf-target", "Target 3: conserve 30% of land and sea", "Protected areas.")
    siblings = [make_doc(2, "GBF-TARGET-02", "gbf-target", "Target 2: restore degraded ecosystems", "Restoration."),
                make_doc(3, "GBF-TARGET-04", "gbf-target", "Target 4: halt species extinction", "Species.")]
    indicator = make_doc(4, "GBF-INDICATOR-3.1", "gbf-indicator", "3.1 Coverage of protected areas",
                         "Coverage of protected and conserved areas.", gbf_targets=["GBF-TARGET-03"])
    meeting = {**make_doc(5, "PA-WS-2025-01", "meeting", "Workshop on protected areas", "Regional workshop."),
               "related": ["GBF-TARGET-03"]}
    mangroves = make_doc(6, "2024-041", "notification", "Mangroves of the world", "Coastal mangroves.")
    engine.upsert([target, *siblings, indicator, meeting, mangroves])
    return engine


def test_all_words_found_together_is_not_relaxed(engine):
    assert relaxation(engine, "protected areas", "en", {}) is None


def test_words_no_record_holds_together_relax_to_any(engine):
    assert relaxation(engine, "mangroves visas", "en", {}) == "any"
    assert relaxation(engine, "mangroves coastal visas", "en", {}) == "most"


def test_a_symbol_names_its_record_then_its_linked_records_before_siblings(engine):
    interpreted = pipeline.search(engine, SearchQuery(q="GBF-TARGET-03", limit=10, facets=()))
    ranked = [h.identifier for h in interpreted.result.hits]
    assert interpreted.exact == "GBF-TARGET-03" and ranked[0] == "GBF-TARGET-03"
    assert set(interpreted.linked) == {"GBF-INDICATOR-3.1", "PA-WS-2025-01"}
    assert ranked[1:3] == interpreted.linked
    assert all(ranked.index(s) > 2 for s in ("GBF-TARGET-02", "GBF-TARGET-04") if s in ranked)


def test_words_beside_the_symbol_put_the_linked_records_matching_them_first(engine):
    interpreted = pipeline.search(engine, SearchQuery(q="GBF-TARGET-03 workshop", limit=10, facets=()))
    assert [h.identifier for h in interpreted.result.hits][:2] == ["PA-WS-2025-01", "GBF-TARGET-03"]


@pytest.mark.parametrize("q", ["Target 3 of the Kunming-Montreal Global Biodiversity Framework",
                               "KMGBF target 3 framework", "cible 3 du cadre mondial de la biodiversité",
                               "目标3 昆蒙框架"])
def test_words_naming_the_framework_complete_the_symbol_instead_of_asking_for_a_topic(engine, q):
    # The workshop's title repeats the framework's name; the user named the target, so the target comes first.
    engine.upsert([{**make_doc(7, "PA-WS-2025-02", "meeting",
                               "Workshop on Target 3 of the Kunming-Montreal Global Biodiversity Framework",
                               "cadre mondial de la biodiversité, 昆蒙框架"), "related": ["GBF-TARGET-03"]}])
    interpreted = pipeline.search(engine, SearchQuery(q=q, limit=10, facets=()))
    if interpreted.exact is None:
        pytest.fail(f"{q!r} named no record: {interpreted.as_dict()}")
    assert [h.identifier for h in interpreted.result.hits][0] == "GBF-TARGET-03"


def test_article_abbreviations_name_the_article_but_years_are_not_article_numbers():
    from identifiers import parse_references

    assert [r.candidates for r in parse_references("Nagoya Protocol art 7")] == [["abs-07"]]
    assert parse_references("state of the art 2024") == []
    assert parse_references("Article 2024 report") == []


def test_a_topic_word_beside_a_symbol_finds_the_records_holding_both_before_its_siblings(engine):
    # Nothing named or linked says "webinar": the webinars titled with the code come right after the meeting.
    engine.upsert([make_doc(8, "SBI-06", "meeting", "Sixth meeting of the Subsidiary Body on Implementation", "SBI."),
                   make_doc(9, "SBI-05", "meeting", "Fifth meeting of the Subsidiary Body on Implementation", "SBI."),
                   make_doc(10, "006671", "meeting", "SBI-6 Webinar 3: early submission of statements", "Online."),
                   make_doc(11, "006604", "meeting", "Webinar on expressions of interest", "Online.")])
    ranked = [h.identifier for h in pipeline.search(engine, SearchQuery(q="SBI-6 webinars", limit=10,
                                                                        facets=())).result.hits]
    assert ranked[:2] == ["SBI-06", "006671"]
    assert ranked.index("006671") < ranked.index("SBI-05")


@pytest.fixture
def treaty_engine(tmp_path):
    engine = EmbeddedEngine(tmp_path / "treaties")
    engine.configure()
    engine.upsert([
        make_doc(20, "cpb", "treaty", "Cartagena Protocol on Biosafety", "Protocol on biosafety."),
        make_doc(21, "cpb-25", "treaty-article", "Cartagena Protocol, Article 25: Illegal transboundary movements",
                 "Each Party shall prevent illegal transboundary movements of living modified organisms."),
        make_doc(22, "cpb-17", "treaty-article",
                 "Cartagena Protocol, Article 17: Unintentional transboundary movements and emergency measures",
                 "Notify affected States of unintentional transboundary movements."),
        make_doc(23, "cpb-24", "treaty-article", "Cartagena Protocol, Article 24: Non-Parties", "Non-Parties."),
        make_doc(24, "abs-25", "treaty-article", "Nagoya Protocol, Article 25: Financial mechanism and resources",
                 "Financial mechanism."),
        make_doc(25, "cbd-25", "treaty-article", "CBD, Article 25: Subsidiary Body on Scientific Advice",
                 "Subsidiary body."),
    ])
    return engine


def test_an_article_is_followed_by_its_treaty_and_its_subject_not_other_treaties_same_number(treaty_engine):
    ranked = [h.identifier for h in pipeline.search(treaty_engine, SearchQuery(q="Cartagena art. 25", limit=10,
                                                                               facets=())).result.hits]
    assert ranked[:3] == ["cpb-25", "cpb", "cpb-17"]
    assert all(ranked.index(sibling) > 2 for sibling in ("abs-25", "cbd-25") if sibling in ranked)


def test_a_meeting_brings_its_resumed_sessions_first_when_the_words_ask_for_them(tmp_path):
    engine = EmbeddedEngine(tmp_path / "meetings")
    engine.configure()
    engine.upsert([
        make_doc(30, "NP-MOP-05", "meeting", "Fifth meeting of the Parties to the Nagoya Protocol",
                 "Meeting held in two resumed sessions."),
        make_doc(31, "NP-MOP-05-R1", "meeting", "First resumed session of the fifth meeting of the Parties",
                 "Montreal."),
        make_doc(32, "NP-MOP-05-R2", "meeting", "Second resumed session of the fifth meeting of the Parties",
                 "Rome."),
        make_doc(33, "NP-MOP-04", "meeting", "Fourth meeting of the Parties to the Nagoya Protocol", "Montreal."),
    ])
    bare = [h.identifier for h in pipeline.search(engine, SearchQuery(q="NP-MOP-5", limit=10, facets=())).result.hits]
    assert bare[0] == "NP-MOP-05" and set(bare[1:3]) == {"NP-MOP-05-R1", "NP-MOP-05-R2"}
    asked = pipeline.search(engine, SearchQuery(q="NP-MOP-5 resumed session", limit=10, facets=()))
    assert {h.identifier for h in asked.result.hits[:2]} == {"NP-MOP-05-R1", "NP-MOP-05-R2"}


def test_a_targets_indicators_come_before_the_records_only_tagged_with_it(engine):
    engine.upsert([{**make_doc(40, "PA-WS-2025-09", "meeting", "Target 3: conserve 30% of land and sea workshop",
                               "Target 3 land and sea."), "related": ["GBF-TARGET-03"]}])
    linked = pipeline.search(engine, SearchQuery(q="GBF-TARGET-03", limit=10, facets=())).linked
    assert linked[0] == "GBF-INDICATOR-3.1"


@pytest.mark.parametrize("q", ["Cartagena Protocol art 25", "Cartagena art 25 illegal movements"])
def test_records_citing_the_named_record_follow_it_before_its_siblings(treaty_engine, q):
    # The notification refers to the article (its `related`: what RecordPage.search_links lists, the records
    # its title cites included): it is about it, even when the words beside the symbol describe the article
    # and the notification holds none of the typed words.
    treaty_engine.upsert([{**make_doc(26, "2024-062", "notification", "Liability and redress",
                                      "Invitation to submit information."), "related": ["cpb-25"]}])
    interpreted = pipeline.search(treaty_engine, SearchQuery(q=q, limit=10, facets=()))
    ranked = [h.identifier for h in interpreted.result.hits]
    assert "2024-062" in interpreted.linked
    assert ranked.index("2024-062") < min(ranked.index(s) for s in ("abs-25", "cbd-25", "cpb-24") if s in ranked)


def test_a_bare_notification_number_shows_notifications_like_it_before_those_numbered_alike(tmp_path):
    engine = EmbeddedEngine(tmp_path / "notifications")
    engine.configure()
    budget = [make_doc(50 + n, f"2025-{n + 7:03d}", "notification", f"Core budget {n}: scale of assessments",
                       "Budget.") for n in range(7)]  # 2025-007 and six budget calls like it
    engine.upsert([*budget, make_doc(60, "2024-007", "notification", "Invitation to a survey", "Survey.")])
    ranked = [h.identifier for h in pipeline.search(engine, SearchQuery(q="2025-007", limit=10, facets=())).result.hits]
    assert ranked[0] == "2025-007"
    assert ranked.index("2024-007") > max(ranked.index(d["identifier"]) for d in budget)


def test_words_beside_a_symbol_naming_a_programme_bring_the_records_so_named(engine):
    # The fund's calls are neither tagged with target 3 nor cite it; the words name them, so they come before
    # the target's links that hold none of the words. One word beside the symbol names no programme.
    engine.upsert([make_doc(70 + n, f"2024-0{70 + n}", "notification", f"Call {n} of the Protected Planet Fund",
                            "Call for proposals.") for n in range(2)]
                  + [make_doc(72, "2024-090", "notification", "Fund raising for wetlands", "Wetlands.")])
    ranked = [h.identifier for h in pipeline.search(engine, SearchQuery(q="GBF-TARGET-03 Protected Planet Fund",
                                                                        limit=10, facets=())).result.hits]
    assert {"2024-070", "2024-071"} <= set(ranked[:3]), ranked
    assert ranked.index("2024-071") < ranked.index("GBF-INDICATOR-3.1")
    alone = [h.identifier for h in pipeline.search(engine, SearchQuery(q="GBF-TARGET-03 fund", limit=10,
                                                                       facets=())).result.hits]
    assert alone[0] == "GBF-TARGET-03"
