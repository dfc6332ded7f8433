"""The shared engine contract, plus what only the embedded engine promises (files, locks, languages)."""

from __future__ import annotations

import pytest
from cbd_corpus import make_doc
from contract import EngineContract, RecordCountContract, docs, ids

from search.engine import SearchQuery
from search.engines.embedded import EmbeddedEngine


@pytest.fixture
def engine(tmp_path):
    engine = EmbeddedEngine(tmp_path / "index")
    engine.configure()
    return engine


class TestEmbeddedContract(EngineContract, RecordCountContract):
    pass


def test_writes_of_one_process_are_visible_to_another(tmp_path):
    web, worker = EmbeddedEngine(tmp_path), EmbeddedEngine(tmp_path)
    web.configure()
    assert web.search(SearchQuery(q="pollinators")).total == 0
    worker.upsert(docs())
    assert ids(web.search(SearchQuery(q="pollinators"))) == ["2024-070"]
    web.delete_pages([7])  # the web process may write too: the worker released the lock
    assert worker.search(SearchQuery(q="pollinators")).total == 0


def test_index_survives_reopening(tmp_path):
    EmbeddedEngine(tmp_path).upsert(docs())
    assert EmbeddedEngine(tmp_path).count() == len(docs())


def test_index_of_another_schema_version_is_rebuilt_empty(tmp_path):
    EmbeddedEngine(tmp_path).upsert(docs())
    (tmp_path / "schema_version").write_text("0")
    assert EmbeddedEngine(tmp_path).count() == 0


def test_invalid_document_id_is_rejected_before_writing(engine):
    with pytest.raises(ValueError, match="document id"):
        engine.upsert([docs()[0], docs()[1] | {"id": "bad id/with slash"}])
    assert engine.count() == 0


def _lang_doc(n, lang, title, text, translated=True):
    return make_doc(n, f"X-{n}", "notification", title, text) | {"language": lang, "translated": translated}


@pytest.mark.parametrize(("lang", "text", "query"), [
    ("fr", "Le financement de la biodiversité", "financements biodiversite"),
    ("es", "Especies amenazadas de extinción", "especie amenazada"),
    ("ru", "Загрязнение окружающей среды", "загрязнения"),
    ("ar", "حماية التنوع البيولوجي", "التنوع"),
    ("zh", "保护生物多样性公约", "生物多样性"),
])
def test_each_un_language_is_searchable(engine, lang, text, query):
    engine.upsert([_lang_doc(1, lang, text, text), _lang_doc(2, "en", "Unrelated", "Nothing to see")])
    result = engine.search(SearchQuery(q=query, lang=lang))
    assert ids(result)[:1] == ["X-1"]
    assert "<mark>" in result.hits[0].snippet


def test_chinese_matches_words_not_scattered_characters(engine):
    engine.upsert([_lang_doc(1, "zh", "生物多样性", "保护生物多样性"), _lang_doc(2, "zh", "多样", "物生性多样")])
    assert ids(engine.search(SearchQuery(q="生物多样性", lang="zh")))[0] == "X-1"


def test_untranslated_fallback_is_read_as_english(engine):
    engine.upsert([_lang_doc(1, "fr", "Threatened species", "Species extinction", translated=False)])
    assert ids(engine.search(SearchQuery(q="specie", lang="fr"))) == ["X-1"]


def test_cached_counts_follow_every_write(tmp_path):
    """Count-only searches are cached; a write of this engine or of another process must show at once."""
    web, worker = EmbeddedEngine(tmp_path), EmbeddedEngine(tmp_path)
    web.upsert(docs())
    counts = SearchQuery(q="", limit=0, facets=("type",))
    before = web.search(counts)
    assert web.search(counts).facets == before.facets  # served from the cache
    web.delete_pages([7])
    assert web.search(counts).total == before.total - 1
    worker.upsert([make_doc(9, "2024-099", "notification", "Bees again", "More bees.")])
    after = web.search(counts)
    assert after.total == before.total
    assert after.facets["type"]["notification"] == before.facets["type"]["notification"]


def test_hits_without_snippets_build_them_on_demand(engine):
    engine.upsert(docs())
    eager = engine.search(SearchQuery(q="pollinators")).hits[0]
    lazy = engine.search(SearchQuery(q="pollinators", snippets=False)).hits[0]
    assert lazy.snippet == "" and "<mark>" in eager.snippet
    assert lazy.with_snippet().snippet == eager.snippet
    assert lazy.with_snippet() == eager


def _spelling_corpus() -> list[dict]:
    right = [make_doc(10 + i, f"2024-{10 + i:03d}", "notification", f"Biodiversity finance dialogue {i}",
                      "Mobilizing resources for biodiversity.") for i in range(25)]
    # A record whose own title carries the typo the visitor makes: as typed, it is the only exact match.
    wrong = make_doc(38, "ACT-2026-01", "activity", "Peer review of biodiveristy indicators", "Health indicators.")
    french = make_doc(39, "2025-100", "notification", "Connaissances des peuples autochtones", "Peuples.")
    peoples = [make_doc(40 + i, f"2025-{40 + i:03d}", "notification", f"Indigenous peoples forum {i}", "Peoples.")
               for i in range(25)]
    return [*right, wrong, french, *peoples]


def test_a_misspelt_word_ranks_the_records_spelled_right_first(engine):
    engine.upsert(_spelling_corpus())
    ranked = ids(engine.search(SearchQuery(q="biodiveristy finance", limit=50)))
    assert ranked[0].startswith("2024-"), ranked
    assert "ACT-2026-01" in ranked, "the record sharing the typo is still found"


def test_a_rare_word_of_another_language_is_not_corrected_into_english(engine):
    engine.upsert(_spelling_corpus())
    assert ids(engine.search(SearchQuery(q="peuples", lang="fr")))[0] == "2025-100"



def test_a_record_holding_every_word_outranks_one_heavy_with_a_single_word(engine):
    # As Meilisearch's `words` rule: the call holding all four words before the page repeating the rarest one.
    engine.upsert([
        make_doc(60, "MANGROVES", "meeting", "Coastal ecosystems", "Mangrove forests and mangrove species."),
        make_doc(61, "2025-121", "notification", "Call for proposals",
                 "Funding for a workshop on mangrove restoration."),
        *[make_doc(70 + i, f"2025-{70 + i:03d}", "notification", f"Notice {i}", "funding workshop restoration")
          for i in range(20)],
    ])
    ranked = ids(engine.search(SearchQuery(q="mangrove restoration funding workshop")))
    assert ranked[:2] == ["2025-121", "MANGROVES"], ranked


def _compound_corpus() -> list[dict]:
    right = [make_doc(100 + i, f"2024-{100 + i:03d}", "notification", f"Biodiversity finance dialogue {i}",
                      "Mobilizing resources for biodiversity.") for i in range(5)]
    bio = make_doc(110, "ACT-2026-10", "activity", "Bio-Bridge call for proposals", "Bio-Bridge initiative grants.")
    invasive = [make_doc(111 + i, f"IAS-{i}", "activity", f"Invasive alien species workshop {i}",
                         "Managing invasive alien species.") for i in range(3)]
    events = [make_doc(120 + i, f"2025-{120 + i:03d}", "notification", f"Side event registration {i}",
                       "Register a side event.") for i in range(3)]
    calendar = [make_doc(125 + i, f"2025-{125 + i:03d}", "notification", f"Calendar of events {i}",
                         "Forthcoming events.") for i in range(5)]
    every = [make_doc(130 + i, f"2025-{130 + i:03d}", "notification", f"Annual report {i}",
                      "Submitted every year, and a report about it.") for i in range(6)]
    labour = [make_doc(140 + i, f"2025-{140 + i:03d}", "notification", f"Labour rights {i}", "Labour.")
              for i in range(3)]
    return [*right, bio, *invasive, *events, *calendar, *every, *labour]


def test_a_compound_typed_as_two_words_finds_the_compound(engine):
    engine.upsert(_compound_corpus())
    for q in ("bio diversity finance", "bio-diversity finance"):
        ranked = ids(engine.search(SearchQuery(q=q, limit=50)))
        assert ranked[0].startswith("2024-1"), (q, ranked)
        assert "ACT-2026-10" not in ranked[:5], "a record holding only the first half comes after them"


def test_two_words_run_together_find_the_records_holding_both(engine):
    engine.upsert(_compound_corpus())
    wanted = {"IAS-0", "IAS-1", "IAS-2"}
    assert set(ids(engine.search(SearchQuery(q="invasivealien species")))) == wanted
    assert set(ids(engine.search(SearchQuery(q="invasivealien", match="all")))) == wanted


def test_a_misspelt_last_word_that_completes_nothing_is_corrected(engine):
    engine.upsert(_spelling_corpus())
    # Typed last, with no space after it: still a typo, since no indexed word starts with it.
    ranked = ids(engine.search(SearchQuery(q="finance biodiveristy", limit=50)))
    assert ranked[0].startswith("2024-"), ranked


def test_an_unfinished_last_word_is_not_corrected(engine):
    engine.upsert(_spelling_corpus())
    assert ids(engine.search(SearchQuery(q="biodive")))[0].startswith("2024-")  # a prefix, left as typed


def test_a_misspelt_word_is_corrected_to_the_content_word_it_is_closest_to(engine):
    engine.upsert(_compound_corpus())
    # "abour": "about" (6 records) is a function word, "labour" (3) is meant.
    assert set(ids(engine.search(SearchQuery(q="abour rights ")))[:3]) == {"2025-140", "2025-141", "2025-142"}
    # "eveny": "every" is in 6 records, "event" in 3, but with "events" in 8.
    ranked = ids(engine.search(SearchQuery(q="eveny ")))
    assert set(ranked[:8]) == {f"2025-{120 + i:03d}" for i in (0, 1, 2, 5, 6, 7, 8, 9)}, ranked


def test_a_last_word_one_letter_short_ranks_like_the_whole_word(engine):
    # "awarenes" is still a prefix of "awareness", yet the word one letter longer is what is meant: the records
    # rank as for "awareness", not as for "public" alone with a constant-score prefix match beside it.
    engine.upsert([
        *[make_doc(150 + i, f"2025-{150 + i:03d}", "notification", f"Awareness campaign {i}",
                   "Raising awareness of public health.") for i in range(3)],
        make_doc(160, "2025-160", "notification", "Public education and public outreach", "Public schools."),
        *[make_doc(170 + i, f"2025-{170 + i:03d}", "notification", f"Forest report {i}", "Forests.")
          for i in range(10)],
    ])
    meant = ids(engine.search(SearchQuery(q="public awareness")))[:4]
    assert ids(engine.search(SearchQuery(q="public awarenes")))[:4] == meant


def test_a_verb_in_a_question_finds_the_title_naming_it_as_a_noun(engine):
    # "settled" and "Settlement" share no Snowball stem; the article on settling disputes must still lead.
    engine.upsert([
        make_doc(80, "cbd-27", "treaty-article", "Article 27: Settlement of Disputes", "Negotiation between Parties."),
        make_doc(81, "cbd-32", "treaty-article", "Article 32: Relationship between this Convention and its Protocols",
                 "Disputes between Parties to a protocol under this Convention."),
    ])
    ranked = ids(engine.search(SearchQuery(q="how are disputes between Parties settled under the Convention")))
    assert ranked[0] == "cbd-27", ranked


def test_the_framing_words_of_a_question_do_not_pick_the_records(engine):
    engine.upsert([
        make_doc(82, "2025-010", "notification", "National report template", "Reporting guidance."),
        make_doc(83, "2025-011", "notification", "Soon: a must-see exhibition", "You must visit soon."),
    ])
    assert ids(engine.search(SearchQuery(q="how soon must I send my report")))[0] == "2025-010"


def _acronym_corpus() -> list[dict]:
    return [
        make_doc(84, "SBSTTA-27", "meeting",
                 "Twenty-seventh meeting of the Subsidiary Body on Scientific, Technical and Technological Advice",
                 "Meeting of the Subsidiary Body on Scientific, Technical and Technological Advice."),
        make_doc(85, "2025-121", "notification",
                 "Selected representatives of indigenous peoples to receive funding for their participation",
                 "Funding for representatives to attend meetings."),
    ]


def test_an_acronym_in_a_long_question_weighs_as_one_of_its_words(engine):
    # The acronym's spelled-out name is one word of the question: the record answering the rest of it leads.
    engine.upsert(_acronym_corpus())
    q = "how can indigenous representatives get funding to attend SBSTTA meetings"
    assert ids(engine.search(SearchQuery(q=q)))[0] == "2025-121"


def test_an_acronym_typed_with_a_word_or_two_still_finds_what_it_names(engine):
    engine.upsert(_acronym_corpus())
    assert ids(engine.search(SearchQuery(q="SBSTTA meetings")))[0] == "SBSTTA-27"
