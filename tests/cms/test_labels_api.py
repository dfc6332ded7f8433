"""What a reader sees instead of codes: /api/labels/ names facet values, types and statuses in their language."""

import csv

import pytest
from wagtail.models import Locale

from cms.taxonomy.display_names import LABELS_DIR, LANGUAGES, vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Labels are cached for minutes by design; each test starts from its own data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def labelled(make_notification, make_term, site):
    from cms.records.models import MeetingPage

    make_term("GBF-TARGET-03", "GBF-T03. 30% of areas are effectively conserved")
    make_term("CBD-SUBJECT-KMGBF", "KMGBF", scheme="subject")  # titled with its code, as before the vocabulary
    for code, title in [("COP-16", "Sixteenth meeting of the Conference of the Parties"),
                        ("006589", "Open-ended Online Forum on Invasive Alien Species")]:
        page = MeetingPage(title=title, slug=code.lower(), identifier=code)
        site["meetings"].add_child(instance=page)
        page.save_revision().publish()
    french = MeetingPage.objects.get(identifier="COP-16").copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Seizième réunion de la Conférence des Parties"
    french.save_revision().publish()
    make_notification("2024-070", meetings=["COP-16", "006589", "COP-15"], subjects=["CBD-SUBJECT-KMGBF"],
                      status="confirmed")


def _labels(client, lang):
    response = client.get("/api/labels/", {"lang": lang})
    assert response.status_code == 200, response.content
    return response.json()["labels"]


def test_subjects_types_and_statuses_have_names_in_the_interface_language(client, labelled):
    labels = _labels(client, "fr")
    assert labels["subject"]["CBD-SUBJECT-KMGBF"] == {"label": "Cadre mondial de la biodiversité de Kunming-Montréal"}
    assert labels["type"]["meeting-document"] == {"label": "Document de réunion"}
    assert labels["status"]["confirmed"] == {"label": "Confirmé"}
    assert _labels(client, "ar")["subject"]["CBD-SUBJECT-ABS"]["label"] == "الحصول وتقاسم المنافع"


def test_a_target_is_named_by_its_number_with_its_wording(client, labelled):
    entry = _labels(client, "fr")["gbf_target"]["GBF-TARGET-03"]
    # The wording has no French version yet: it is English, and the entry says so.
    assert entry == {"label": "Cible 3", "name": "30% of areas are effectively conserved", "name_lang": "en"}


def test_meetings_are_codes_with_names_and_numbered_meetings_show_their_title(client, labelled):
    meetings = _labels(client, "fr")["meeting"]
    assert meetings["COP-16"] == {"label": "COP-16", "name": "Seizième réunion de la Conférence des Parties"}
    # The legacy index gives some meetings only a number; people see the meeting's title instead.
    assert meetings["006589"] == {"label": "Open-ended Online Forum on Invasive Alien Species", "lang": "en"}
    # Referred to, not in the hub: the code, spelled out in English.
    assert meetings["COP-15"] == {"label": "COP-15", "name": "Fifteenth meeting of the Conference of the Parties",
                                  "name_lang": "en"}
    assert _labels(client, "en")["meeting"]["COP-16"]["name"] == "Sixteenth meeting of the Conference of the Parties"


def test_labels_are_cacheable_and_validate_the_language(client, labelled):
    first = client.get("/api/labels/", {"lang": "es"})
    assert "max-age" in first["Cache-Control"]
    again = client.get("/api/labels/", {"lang": "es"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/api/labels/", {"lang": "xx"}).status_code == 400


def test_every_vocabulary_row_names_the_value_in_six_languages_and_says_where_the_name_comes_from():
    for kind in ("subject", "type", "status", "term"):
        for code, names in vocabulary(kind).items():
            assert set(names) == set(LANGUAGES), f"{kind} {code} lacks {set(LANGUAGES) - set(names)}"
    lines = [line for line in (LABELS_DIR / "subjects.tsv").read_text().splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        assert row["source"] in {"glossary", "official", "draft", "inferred"}, row["code"]


def test_every_subject_code_in_the_legacy_exports_has_a_name():
    import json

    from django.conf import settings

    data = settings.BASE_DIR / "migration" / "data"
    from migration.mapping.common import subjects

    used = set()
    for item in json.loads((data / "notifications.json").read_text()):
        used.update(subjects(item.get("themes"), []))
    for item in json.loads((data / "meetings.json").read_text()):
        used.update(subjects(item.get("subjects"), []))
    for item in json.loads((data / "secretariat-activities-2025-2026.json").read_text()):
        used.update(subjects(item.get("subject"), []))
    assert used and used <= set(vocabulary("subject")), sorted(used - set(vocabulary("subject")))
