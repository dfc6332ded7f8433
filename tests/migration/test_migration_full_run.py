"""The bundled exports, migrated once per session (see conftest): counts, links, provenance, idempotence,
translations and redirects."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail_localize.models import Translation

from cms.core.models import RecordPage
from cms.records.models import ActivityPage, NotificationPage, TreatyArticlePage
from cms.taxonomy.models import TermPage
from migration.legacy_urls import legacy_urls
from migration.runner.pipeline import DEFAULT_SOURCE

pytestmark = pytest.mark.django_db


def _count(record_type: str) -> int:
    return RecordPage.objects.filter(locale__language_code="en", record_type=record_type, live=True).count()


def test_every_record_lands(full_run):
    first, _ = full_run
    assert _count("notification") == 239
    assert _count("meeting") == 102
    assert (_count("gbf-goal"), _count("gbf-target")) == (4, 23)
    assert _count("aichi-target") == 20 and _count("aichi-goal") == 5
    assert _count("activity") == 93
    assert _count("treaty") == 3
    for treaty, articles in (("cbd", 45), ("cpb", 43), ("abs", 37)):
        assert TreatyArticlePage.objects.filter(identifier__startswith=f"{treaty}-", locale__language_code="en") \
            .count() == articles
    assert _count("meeting-document") == 1
    assert _count("subject") >= 44


def test_every_indicator_lands_including_the_two_that_share_an_identifier(full_run):
    first, _ = full_run
    # gbf-indicators.json has 204 indicators but issues GBF-INDICATOR-219 to two of them (8.CY.2 and 8.CY.3).
    assert _count("gbf-indicator") == 204
    assert not first.failed()
    by_code = {t.code: t.identifier for t in TermPage.objects.filter(scheme="gbf-indicator", code__startswith="8.CY.",
                                                                     locale__language_code="en")}
    assert by_code["8.CY.2"] == "GBF-INDICATOR-219"
    assert by_code["8.CY.3"] == "GBF-INDICATOR-8.CY.3"
    warned = next(r for r in first.results if r.key == "gbf-indicators.json#124")
    assert any("GBF-INDICATOR-219 was issued to both 8.CY.2 and 8.CY.3" in w for w in warned.warnings)


def test_second_run_creates_and_changes_nothing(full_run):
    _, second = full_run
    assert second.counts()["created"] == 0 and second.counts()["updated"] == 0
    assert second.counts()["unchanged"] > 800


def test_links_between_records(full_run):
    cop17 = RecordPage.objects.get(identifier="COP-17", locale__language_code="en")
    assert cop17.related == ["2024-113", "2025-075", "2025-111"]
    assert "COP-17" in NotificationPage.objects.get(identifier="2024-113", locale__language_code="en").meetings
    activities = ActivityPage.objects.filter(locale__language_code="en")
    activity = next(a for a in activities if "CBD/COP/16/32/21" in a.paragraph_refs)  # JSON lookups differ by DB
    assert activity.decision_refs == ["CBD/COP/DEC/16/32"]
    assert activity.gbf_targets and all(t.startswith("GBF-TARGET-") for t in activity.gbf_targets)
    first, _ = full_run
    assert first.unresolved()["CBD/COP/DEC/16/32"] >= 1  # decisions are not in the exports: kept as references


def test_provenance_on_every_record(full_run):
    missing = RecordPage.objects.filter(locale__language_code="en", source_checksum="").exclude(
        record_type="record")
    assert not missing.exists()
    note = NotificationPage.objects.get(identifier="2024-001", locale__language_code="en")
    assert (note.source_system, note.legacy_id) == ("cbd-index-api:notification", "52000000cbd0120000000d12")
    assert note.source_url == "https://www.cbd.int/notifications/2024-001" and note.imported_at
    assert note.files.get().extraction_status == "skipped"


def test_real_translations_are_wagtail_localize_translations(full_run):
    english = NotificationPage.objects.get(identifier="2024-016", locale__language_code="en")
    french = english.get_translations().get(locale__language_code="fr").specific
    assert french.live and french.title.startswith("Dialogues régionaux")
    assert Translation.objects.filter(source__object_id=english.translation_key, target_locale__language_code="fr")
    assert not english.get_translations().filter(locale__language_code="ar").exists()  # copies not imported


def test_every_legacy_url_redirects_permanently_to_a_live_record(full_run):
    client = Client()
    urls = dict(legacy_urls([DEFAULT_SOURCE]))
    assert len(urls) > 700 and Redirect.objects.filter(is_permanent=True, site=None).count() >= len(urls) - 5
    bad = []
    for path, identifier in urls.items():
        response = client.get(path)
        target = response.get("Location", "")
        follow = client.get(target) if response.status_code == 301 else None
        page = Redirect.objects.get(old_path=Redirect.normalise_path(path)).redirect_page.specific
        if response.status_code != 301 or follow.status_code not in (200, 302) or not page.live:
            bad.append((path, response.status_code, target))
        elif follow.status_code == 302:
            assert f"id={page.identifier.replace('/', '%2F')}" in follow["Location"], path
    assert bad == []
