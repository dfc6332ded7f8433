"""The search API as a reader uses it: results, shape, pagination, sorting, empty queries."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_published_notification_is_found_with_highlighted_snippet(make_notification, search):
    make_notification("2024-070", title="Invasive alien species: call for submissions",
                      summary="Parties are invited to submit views on invasive alien species management.")
    status, body = search(q="invasive species")
    assert status == 200
    assert body["total"] == 1
    hit = body["results"][0]
    assert hit["identifier"] == "2024-070"
    assert hit["type"] == "notification"
    assert hit["language"] == "en"
    assert hit["date"] == "2024-03-01"
    assert "<mark>" in hit["snippet"]
    assert set(hit) >= {"identifier", "type", "title", "url", "language", "snippet", "paragraph_code", "anchor",
                        "date", "score"}
    assert set(body["facets"]) == {"type", "year", "meeting", "subject", "gbf_target", "language", "status"}
    assert body["query"]["q"] == "invasive species"


def test_empty_query_browses_everything_with_facets(make_notification, search):
    make_notification("2024-001", date=dt.date(2024, 1, 5))
    make_notification("2025-002", date=dt.date(2025, 2, 5))
    status, body = search()
    assert status == 200
    assert body["total"] == 2
    assert body["facets"]["year"] == {"2024": 1, "2025": 1}


def test_a_french_query_finds_english_records_through_the_glossary_and_says_so(make_notification, search):
    make_notification("2024-070", title="Invasive alien species: call for submissions")
    make_notification("2024-071", title="Marine spatial planning webinar")
    status, body = search(q="espèces exotiques envahissantes", lang="fr")
    assert status == 200
    assert [r["identifier"] for r in body["results"]] == ["2024-070"]
    assert {"language": "fr", "matched": "espèces exotiques envahissantes",
            "english": "invasive alien species"} in body["query"]["translations"]
    # Issue 13: the query's language is recognised whatever the interface's, so the English site finds it too.
    english_site = search(q="espèces exotiques envahissantes", lang="en")[1]
    assert english_site["query"]["language"] == "fr"
    assert [r["identifier"] for r in english_site["results"]] == ["2024-070"]
    # English words are read as English, whatever the interface: nothing to translate.
    french_site = search(q="marine spatial planning", lang="fr")[1]
    assert french_site["query"]["language"] == "en" and french_site["query"]["translations"] == []


def test_country_activities_are_passages_of_their_aichi_target(make_term, search):
    target = make_term("AICHI-TARGET-12", "Extinction prevented", scheme="aichi-target",
                       description="By 2020 the extinction of known threatened species has been prevented.")
    target.activities = [("activity", {"country": "Kenya", "text": "Community rangers protect the hirola antelope."}),
                         ("activity", {"country": "Peru", "text": "A national red list of amphibians."})]
    target.save_revision().publish()
    status, body = search(q="hirola antelope")
    hit = body["results"][0]
    assert (hit["identifier"], hit["paragraph_code"], hit["anchor"]) == (
        "AICHI-TARGET-12", "AICHI-TARGET-12/activity/1", "activity-1")
    assert hit["title"].endswith("— Kenya")
    # The target's own statement is what its record hit is ranked on.
    status, body = search(q="extinction threatened species")
    assert body["results"][0]["identifier"] == "AICHI-TARGET-12"
    assert body["results"][0]["paragraph_code"] is None


def test_subject_pages_are_offered_as_topics_beside_the_results(make_term, make_notification, search):
    make_term("CBD-SUBJECT-LR", "Liability and redress", scheme="subject")
    make_notification("2024-062", title="Liability and redress: submission of information")
    status, body = search(q="liability and redress")
    assert status == 200
    # The subject's page is a way in, not a result: the notification is the first page's only record.
    assert [r["identifier"] for r in body["results"]] == ["2024-062"]
    assert body["total"] == 1 and "subject" not in body["facets"]["type"]
    assert [(t["identifier"], t["type"], t["title"]) for t in body["topics"]] == [
        ("CBD-SUBJECT-LR", "subject", "Liability and redress")]
    # A subject holding only some of the words is not what the query is about.
    assert search(q="liability of operators for damage")[1]["topics"] == []
    # Asked for by type, subjects are the results themselves.
    subjects = search(q="liability", type="subject")[1]
    assert [r["identifier"] for r in subjects["results"]] == ["CBD-SUBJECT-LR"] and subjects["topics"] == []
    # Only the first page offers them.
    assert search(q="liability and redress", page=2)[1]["topics"] == []
