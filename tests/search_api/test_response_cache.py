"""Repeated searches are answered from the response cache, and never after the index or the picks changed."""

from __future__ import annotations

import pytest

from search.results.response_cache import responses

pytestmark = pytest.mark.django_db


def test_a_repeated_search_is_reused_until_a_publish_changes_the_index(make_notification, search):
    make_notification("2024-301", title="Marine spatial planning workshop")
    first = search(q="marine planning")[1]
    hits_before = responses.hits
    again = search(q="marine planning")[1]
    assert responses.hits == hits_before + 1
    assert again["results"] == first["results"] and again["facets"] == first["facets"]

    make_notification("2024-302", title="Marine planning webinar")  # a commit: every cached response is stale
    after = search(q="marine planning")[1]
    assert responses.hits == hits_before + 1
    assert {r["identifier"] for r in after["results"]} == {"2024-301", "2024-302"}
    assert after["facets"]["type"] == {"notification": 2}


def test_other_parameters_are_other_answers(make_notification, search):
    make_notification("2024-303", title="Ocean acidification call")
    assert search(q="ocean", type="notification")[1]["total"] == 1
    assert search(q="ocean", type="meeting")[1]["total"] == 0
    assert search(q="ocean", lang="fr")[1]["query"]["lang"] == "fr"
