"""Pages written in bulk are real Wagtail pages: a consistent tree, specific pages, revisions and history,
url paths, the same fields Wagtail's save() computes; a record that breaks a bulk insert fails alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db.models import Avg, Model
from django.db.models.functions import Length
from django.test import Client
from wagtail.models import Page, PageLogEntry
from wagtail.search.models import IndexEntry

from cms.core.models import RecordPage
from cms.records.models import NotificationPage
from migration.runner import writer
from migration.runner.pipeline import Options, migrate_legacy
from migration.runner.wagtail_indexes import update_wagtail_indexes

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


def _notifications(count: int, year: int) -> list[dict]:
    """Real notifications under symbols the bundled data does not use."""
    records = json.loads((DATA / "notifications.json").read_text())[:count]
    for n, record in enumerate(records, start=1):
        record["symbol"], record["urls"] = f"{year}-{n:03d}", [f"https://www.cbd.int/notifications/{year}-{n:03d}"]
        record["files"] = []
    return records


def _no_tree_problems() -> None:
    evil_chars, bad_steplen, orphans, wrong_depth, wrong_numchild = Page.find_problems()
    assert (evil_chars, bad_steplen, orphans, wrong_depth, wrong_numchild) == ([], [], [], [], [])


def _values(page: Model) -> dict[str, object]:
    return {f.attname: getattr(page, f.attname) for f in page._meta.concrete_fields}


def test_tree_is_consistent_after_the_migration(full_run):
    _no_tree_problems()


def test_a_created_page_is_a_published_wagtail_page_with_history(full_run):
    page = NotificationPage.objects.filter(locale__language_code="en").order_by("pk").first()
    base = Page.objects.get(pk=page.pk)
    assert isinstance(base.specific, NotificationPage)
    assert page.latest_revision_id and page.live_revision_id == page.latest_revision_id and page.live
    assert page.latest_revision.as_object().identifier == page.identifier
    assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    response = Client().get(f"/api/records/{page.identifier}/")
    assert response.status_code == 200 and page.identifier in response.content.decode()


def test_resaving_a_bulk_written_page_through_wagtail_changes_nothing(full_run):
    """prepare_for_insert stands in for the models' save() overrides: it must compute what they compute."""
    for model_id in RecordPage.objects.values_list("content_type", flat=True).distinct():
        page = Page.objects.filter(content_type=model_id).order_by("pk").first().specific
        before = _values(page)
        page.save(clean=False)
        assert _values(type(page).objects.get(pk=page.pk)) == before, type(page).__name__


def test_a_record_that_breaks_the_bulk_insert_fails_alone(full_run, tmp_path, monkeypatch):
    (tmp_path / "notifications.json").write_text(json.dumps(_notifications(6, 2092)))
    prepare = writer.prepare_for_insert

    def clash(page):  # two records claim one identity key: the database refuses the second
        prepare(page)
        if page.identifier in ("2092-002", "2092-004"):
            page.identity_key = "en:clash"

    monkeypatch.setattr(writer, "prepare_for_insert", clash)
    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))
    failed = report.failed()
    assert [r.identifier for r in failed] == ["2092-004"] and "IntegrityError" in failed[0].reason
    landed = NotificationPage.objects.filter(identifier__startswith="2092-").values_list("identifier", flat=True)
    assert sorted(landed) == ["2092-001", "2092-002", "2092-003", "2092-005", "2092-006"]
    _no_tree_problems()


def test_the_admin_search_finds_records_imported_in_chunks_with_title_norms_of_the_final_average(
        full_run, tmp_path):
    """The end-of-run index update works chunk by chunk; the title norms are computed once, over the final index
    (per chunk they made a bulk import quadratic)."""
    records = _notifications(12, 2093)
    (tmp_path / "notifications.json").write_text(json.dumps(records))
    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))
    page_ids = sorted(r.page_id for r in report.results if r.outcome == "created")
    assert len(page_ids) == 12
    update_wagtail_indexes(page_ids, chunk=5)
    last = NotificationPage.objects.get(identifier="2093-012")
    found = NotificationPage.objects.live().search(last.title)
    assert "2093-012" in [p.identifier for p in found]
    entries = IndexEntry.objects.annotate(n=Length("title")).filter(n__gt=0)
    average = entries.aggregate(a=Avg("n"))["a"]
    imported = list(entries.filter(object_id__in=[str(pk) for pk in page_ids]))
    assert len(imported) == 12
    assert all(e.title_norm == pytest.approx(average / e.n) for e in imported)
