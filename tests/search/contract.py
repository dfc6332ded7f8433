"""Behaviour every SearchEngine must show, written once and run against each engine.

Subclass `EngineContract` and provide an `engine` fixture returning an empty, configured engine.
The embedded engine runs it always (test_embedded_contract.py); Meilisearch when MEILISEARCH_URL is set
(test_meili_live.py). Assertions are about what a user sees, not about engine internals.
"""

from __future__ import annotations

import re

import pytest
from cbd_corpus import make_doc

from search.engine import FACETS, SearchQuery
from search.retrieval import pipeline as pipeline

HOSTILE_QUERIES = ['"unbalanced', "(a OR b", "title:x", "-extinction", "*", "\\", 'a" OR type = x', "AND OR NOT",
                   "[1 TO 2]", "{}", "~2 ^3", "+-&&||!", "a\\\"b", "'", "/", "\x00", "   ", "é" * 300, "COP-16/"]


def docs() -> list[dict]:
    return [
        make_doc(1, "GBF-TARGET-04", "gbf-target", "Halt species extinction, protect genetic diversity",
                 "Ensure urgent management actions to halt human induced extinction of known threatened species",
                 gbf_targets=["GBF-TARGET-04"]),
        make_doc(2, "2024-109", "notification", "Training needs assessment on conservation leadership",
                 "Recipients: national focal points", date="2024-11-05T00:00:00Z", subjects=["CBD-SUBJECT-CB"]),
        make_doc(3, "2025-032", "notification", "Voluntary peer review of national biodiversity strategies and "
                 "action plans", "Recipients: Parties <script>alert(1)</script> & observers",
                 date="2025-03-10T00:00:00Z", subjects=["CBD-SUBJECT-NBSAP"]),
        make_doc(4, "CBD/COP/DEC/15/4", "decision", "Kunming-Montreal Global Biodiversity Framework",
                 "The Conference of the Parties adopts the framework.", date="2022-12-19"),
        make_doc(5, "2023-010", "notification", "Comments on decision 15/4 implementation",
                 "This notification mentions CBD/COP/DEC/15/4 in passing.", date="2023-02-01"),
        make_doc(6, "cbd-08", "treaty-article", "Article 8. In-situ Conservation",
                 "Each Contracting Party shall establish a system of protected areas."),
        make_doc(6, "cbd-08", "treaty-article", "Article 8. In-situ Conservation",
                 "j) Respect, preserve and maintain knowledge of indigenous and local communities",
                 unit="paragraph", anchor="para-j", paragraph_code="cbd-08/j"),
        make_doc(7, "2024-070", "notification", "Pollinators and bees", "Bees and other pollinators.",
                 date="2024-06-01"),
    ]


def ids(result) -> list[str]:
    return [h.identifier for h in result.hits]


class EngineContract:
    @pytest.fixture
    def loaded(self, engine):
        engine.upsert(docs())
        return engine

    def search(self, engine, q="", **kw):
        return engine.search(SearchQuery(q=q, **kw))

    def test_finds_record_by_title_words(self, loaded):
        assert ids(self.search(loaded, "conservation leadership"))[0] == "2024-109"

    def test_upsert_replaces_by_id(self, loaded):
        changed = docs()[1] | {"title": "Mangrove restoration workshop", "checksum": "new"}
        loaded.upsert([changed])
        assert loaded.count() == len(docs())
        assert ids(self.search(loaded, "mangrove")) == ["2024-109"]
        assert "2024-109" not in ids(self.search(loaded, "leadership"))
        assert loaded.fingerprints()["p2"] == "new"

    def test_unpublished_page_disappears_at_once(self, loaded):
        assert "cbd-08" in ids(self.search(loaded, "protected areas"))
        loaded.delete_pages([6])
        assert ids(self.search(loaded, "indigenous")) == []
        assert "cbd-08" not in ids(self.search(loaded, ""))

    def test_delete_by_id(self, loaded):
        loaded.delete(["p2", "unknown-id"])
        assert ids(self.search(loaded, "leadership")) == []
        assert loaded.count() == len(docs()) - 1

    def test_typo_tolerance_follows_word_length(self, loaded):
        assert ids(self.search(loaded, "extinciton"))[:1] == ["GBF-TARGET-04"]  # 10 letters: 2 typos
        assert ids(self.search(loaded, "leedership"))[:1] == ["2024-109"]  # 10 letters, 1 typo
        assert ids(self.search(loaded, "beex")) == []  # 4 letters: no typo allowed

    def test_prefix_on_last_word(self, loaded):
        assert ids(self.search(loaded, "pollinat"))[:1] == ["2024-070"]
        assert ids(self.search(loaded, "extinction threat"))[:1] == ["GBF-TARGET-04"]

    def test_browse_all_with_facets(self, loaded):
        result = self.search(loaded, "", limit=100)
        assert result.total == len(docs())
        assert set(result.facets) == set(FACETS)
        assert result.facets["type"]["notification"] == 4
        assert result.facets["year"] == {"2022": 1, "2023": 1, "2024": 2, "2025": 1}
        assert result.facets["gbf_target"] == {"GBF-TARGET-04": 1}

    def test_filters_or_within_and_across(self, loaded):
        either = self.search(loaded, "", filters={"year": ["2024", "2025"]})
        assert sorted(ids(either)) == ["2024-070", "2024-109", "2025-032"]
        both = self.search(loaded, "", filters={"year": ["2024", "2025"], "subject": ["CBD-SUBJECT-NBSAP"]})
        assert ids(both) == ["2025-032"]
        assert both.facets["type"] == {"notification": 1}

    def test_filter_values_cannot_change_the_filter(self, loaded):
        for value in ['"a" OR type = notification', "notification\\", 'x" OR year = "2024', "*"]:
            assert self.search(loaded, "", filters={"type": [value]}).total == 0

    @pytest.mark.parametrize("q", HOSTILE_QUERIES)
    def test_hostile_queries_never_fail(self, loaded, q):
        result = self.search(loaded, q)
        assert result.total >= 0

    def test_operators_are_plain_words(self, loaded):
        # "-" must not exclude and "OR" must not widen: both are just characters of the query.
        assert ids(self.search(loaded, "-extinction"))[:1] == ["GBF-TARGET-04"]
        assert ids(self.search(loaded, "pollinators OR"))[:1] == ["2024-070"]

    def test_snippet_is_escaped_and_marks_matches(self, loaded):
        hit = next(h for h in self.search(loaded, "observers parties").hits if h.identifier == "2025-032")
        assert "<mark>" in hit.snippet and "<script>" not in hit.snippet
        assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
        assert "&lt;script&gt;" in hit.snippet and "&amp;" in hit.snippet

    def test_pagination(self, loaded):
        first = self.search(loaded, "", limit=3, page=1)
        second = self.search(loaded, "", limit=3, page=2)
        assert first.total == second.total == len(docs())
        assert len(first.hits) == 3 and not {h.id for h in first.hits} & {h.id for h in second.hits}

    def test_sort_by_date_keeps_undated_last(self, loaded):
        newest = self.search(loaded, "", sort="date_desc", limit=100).hits
        oldest = self.search(loaded, "", sort="date_asc", limit=100).hits
        assert [h.identifier for h in newest[:2]] == ["2025-032", "2024-109"]
        assert [h.identifier for h in oldest[:2]] == ["CBD/COP/DEC/15/4", "2023-010"]
        assert newest[-1].date is None and oldest[-1].date is None

    def test_symbol_lookup_accepts_any_spelling(self, loaded):
        for spelling in ["cbd/cop/dec/15/4", "CBD/COP/15/04", "decision 15/4"]:
            assert ids(self.search(loaded, "", filters={"symbol": [spelling]})) == ["CBD/COP/DEC/15/4"]
        assert ids(self.search(loaded, "", filters={"symbol": ["2024-70"]})) == ["2024-070"]
        paragraph = self.search(loaded, "", filters={"symbol": ["cbd-08/j"]}).hits
        assert [(h.identifier, h.paragraph_code, h.anchor) for h in paragraph] == [("cbd-08", "cbd-08/j", "para-j")]

    def test_synonyms_from_config(self, loaded):
        assert "2025-032" in ids(self.search(loaded, "NBSAPs"))[:2]

    def test_fingerprints_count_and_clear(self, loaded):
        prints = loaded.fingerprints()
        assert set(prints) == {d["id"] for d in docs()}
        assert prints["p1"] == docs()[0]["checksum"]
        loaded.clear()
        assert loaded.count() == 0 and self.search(loaded, "").total == 0

    def test_distinct_counts_each_record_once_however_it_matched(self, engine):
        """What the search API's total and facets count: a record matched only through its passages, or in two
        languages of the reader's view, is one record; a tag carried only by its matching passages counts it."""
        target = [make_doc(20, "AICHI-TARGET-10", "aichi-target", "Vulnerable ecosystems", "Pressures minimized")]
        target += [make_doc(20, "AICHI-TARGET-10", "aichi-target", f"Vulnerable ecosystems {country}",
                            f"{country}: mangrove restoration", unit="paragraph", anchor=f"activity-{n}",
                            paragraph_code=f"AICHI-TARGET-10/activity/{n}", gbf_targets=["GBF-TARGET-02"])
                   for n, country in enumerate(("Kenya", "Viet Nam"), 1)]
        notice = make_doc(21, "2025-001", "notification", "Mangrove restoration workshop", "Mangroves.")
        translated = {**notice, "id": "p22", "page_id": 22, "language": "fr", "title": "Atelier mangrove"}
        engine.upsert([*target, notice, translated])
        view = {"language": ["fr", "en"]}
        counted = self.search(engine, "mangrove", filters=view, limit=0, distinct="identifier",
                              facets=("type", "gbf_target"))
        assert counted.total == 2
        assert counted.facets["type"] == {"aichi-target": 1, "notification": 1}
        assert counted.facets["gbf_target"] == {"GBF-TARGET-02": 1}
        documents = self.search(engine, "mangrove", filters=view, limit=0, facets=("type",))
        assert documents.total == 4  # without distinct: documents, as before

    def test_pipeline_puts_named_record_first(self, loaded):
        for q in ["decision 15/4", "COP-15/4", "CBD/COP/DEC/15/4"]:
            assert ids(pipeline.search(loaded, SearchQuery(q=q)).result)[0] == "CBD/COP/DEC/15/4"
        mixed = pipeline.search(loaded, SearchQuery(q="notification 2024-70 conservation leadership"))
        assert ids(mixed.result)[:2] == ["2024-070", "2024-109"]
        assert mixed.rest == "conservation leadership"

    def test_pipeline_article_paragraph(self, loaded):
        hits = pipeline.search(loaded, SearchQuery(q="Article 8(j)")).result.hits
        assert (hits[0].paragraph_code, hits[0].anchor) == ("cbd-08/j", "para-j")
        assert len({h.id for h in hits}) == len(hits)

    def test_pipeline_meeting_code_finds_titles_that_spell_it_out(self, engine):
        engine.upsert([make_doc(9, "2025-096", "notification", "Confirmed dates of the Seventeenth meeting of the "
                                "Conference of the Parties", "Recipients: Parties"),
                       make_doc(10, "2025-001", "notification", "Where to send national reports", "Parties")])
        assert ids(pipeline.search(engine, SearchQuery(q="Where will COP 17 take place?")).result)[0] == "2025-096"

    def test_pipeline_pages_do_not_repeat_the_named_record(self, loaded):
        q = SearchQuery(q="decision 15/4 framework", limit=2)
        first = pipeline.search(loaded, q).result
        second = pipeline.search(loaded, SearchQuery(q=q.q, limit=2, page=2)).result
        assert ids(first)[0] == "CBD/COP/DEC/15/4"
        assert not {h.id for h in first.hits} & {h.id for h in second.hits}
        assert first.total == second.total


def _aichi_with_activities() -> list[dict]:
    """An Aichi target whose country activities (passages of their own) hold words its text does not, one of
    them split over two activities, and a GBF tag only one activity carries; a notification sharing a word."""
    target = [make_doc(30, "AICHI-TARGET-05", "aichi-target", "Habitat loss halved", "Loss of natural habitats")]
    activities = [("Kenya", "Mangrove restoration along the coast", ["GBF-TARGET-02"]),
                  ("Chile", "Wetland inventory", []), ("Peru", "Coastal dunes restoration", [])]
    target += [make_doc(30, "AICHI-TARGET-05", "aichi-target", f"Habitat loss halved {country}", text,
                        unit="paragraph", anchor=f"activity-{n}", paragraph_code=f"AICHI-TARGET-05/activity/{n}",
                        gbf_targets=tags)
               for n, (country, text, tags) in enumerate(activities, 1)]
    notice = make_doc(31, "2025-002", "notification", "Wetland day", "Mangrove and wetland inventory workshop")
    return [*target, notice]


def _records_shown(engine, q: str, filters: dict, match: str) -> set[str]:
    shown, page = set(), 1
    while True:
        hits = engine.search(SearchQuery(q=q, filters=filters, match=match, limit=100, page=page, facets=())).hits
        shown |= {h.identifier for h in hits}
        if len(hits) < 100:
            return shown
        page += 1


class RecordCountContract:
    """The API's record counts (SearchQuery.distinct) against the records its results show: mixed in by each
    engine's contract test class."""

    @pytest.mark.parametrize("match", ["any", "all"])
    @pytest.mark.parametrize("q", ["mangrove", "wetland inventory", "kenya restoration", "coastal restoration",
                                   "wetland mangrove workshop", "habitat", "dunes", ""])
    def test_total_is_the_number_of_records_the_results_show(self, engine, q, match):
        engine.upsert(_aichi_with_activities())
        view = {"language": ["en"]}
        counted = engine.search(SearchQuery(q=q, filters=view, match=match, limit=0, distinct="identifier"))
        assert counted.total == len(_records_shown(engine, q, view, match))

    def test_a_tag_only_a_matching_passage_carries_counts_its_record_once(self, engine):
        engine.upsert(_aichi_with_activities())
        view = {"language": ["en"]}
        for q, expected in [("restoration", 1), ("wetland", 0), ("", 1)]:
            tagged = {**view, "gbf_target": ["GBF-TARGET-02"]}
            counted = engine.search(SearchQuery(q=q, filters=tagged, limit=0, distinct="identifier",
                                                facets=("gbf_target", "type")))
            assert counted.total == len(_records_shown(engine, q, tagged, "any")) == expected
            assert counted.facets["gbf_target"] == ({"GBF-TARGET-02": 1} if expected else {})
        counted = engine.search(SearchQuery(q="wetland", filters=view, limit=0, distinct="identifier",
                                            facets=("gbf_target", "type")))
        assert counted.facets["type"] == {"aichi-target": 1, "notification": 1}
        assert counted.facets["gbf_target"] == {}  # Chile's activity matched, Kenya's (tagged) did not

    def test_counts_follow_a_passage_rewritten_or_removed_alone(self, engine):
        engine.upsert(_aichi_with_activities())
        view = {"language": ["en"]}

        def counted(q: str) -> int:
            return engine.search(SearchQuery(q=q, filters=view, limit=0, distinct="identifier")).total

        assert counted("dunes") == 1
        dunes = next(d for d in _aichi_with_activities() if d.get("anchor") == "activity-3")
        engine.upsert([{**dunes, "text": "Seagrass meadows"}])
        assert (counted("dunes"), counted("seagrass")) == (0, 1)
        engine.delete([dunes["id"]])
        assert (counted("seagrass"), counted("habitat")) == (0, 1)
        assert counted("habitat") == len(_records_shown(engine, "habitat", view, "any"))
