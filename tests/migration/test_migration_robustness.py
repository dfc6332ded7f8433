"""Corrupted exports, interrupted runs and legacy files: every bad record is named with a reason, good records
land, and an interrupted run resumed ends where an uninterrupted one does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cms.core.models import RecordPage
from cms.records.models import ActivityPage, NotificationPage
from migration.runner.pipeline import Options, migrate_legacy

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


class Crash(Exception):
    """Stands in for a killed process."""


def _notifications(count: int, year: int = 2099) -> list[dict]:
    """Real notifications under symbols the bundled data does not use (the session DB already holds those)."""
    records = json.loads((DATA / "notifications.json").read_text())[:count]
    for n, record in enumerate(records, start=1):
        record["symbol"] = f"{year}-{n:03d}"
        record["urls"] = [f"https://www.cbd.int/notifications/{year}-{n:03d}"]
        for file in record["files"]:
            file["url"] = file["url"].replace("/2024/", f"/{year}/").replace("ntf-2024-", f"ntf-{year}-")
    return records


def _write(directory: Path, name: str, payload: object) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(payload if isinstance(payload, str) else json.dumps(payload))


def _state(year: str) -> dict[str, tuple[str, str, list[str]]]:
    pages = NotificationPage.objects.filter(locale__language_code="en", identifier__startswith=f"{year}-")
    return {p.identifier: (p.source_checksum, p.title, sorted(f.url for f in p.files.all())) for p in pages}


def test_corrupted_exports_name_each_bad_record_and_good_records_land(full_run, tmp_path):
    records = _notifications(6)
    records[1].pop("symbol")
    records[2]["date"] = "sometime in spring"
    records[3]["symbol"] = records[0]["symbol"]
    records[4]["titleEn"] = "Biodiversity " * 400
    records[5]["files"].append({"type": "application/pdf", "language": "xx", "url": "/doc/x.pdf", "name": "x"})
    _write(tmp_path, "notifications.json", records)
    _write(tmp_path, "meetings.json", '[{"titleEn": "broken", ')
    activities = json.loads((DATA / "secretariat-activities-2025-2026.json").read_text())[:2]
    activities[0]["identifier"], activities[1]["identifier"] = "ACT-2099-01", "ACT-2099-02"
    activities[0]["endDate"] = "Before Q1 2026"
    _write(tmp_path, "secretariat-activities-2025-2026.json", activities)

    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))

    by_key = {r.key: r for r in report.results}
    assert "missing required field 'symbol'" in by_key["notifications.json#2"].reason
    assert "duplicate identifier 2099-001" in by_key["notifications.json#4"].reason
    assert "title is 5,199 characters" in by_key["notifications.json#5"].reason
    assert "malformed JSON in meetings.json at line 1" in by_key["meetings.json#0"].reason
    assert {r.key for r in report.failed()} == {"notifications.json#2", "notifications.json#4",
                                                "notifications.json#5", "meetings.json#0"}
    assert any("'sometime in spring' is not a date" in w for w in by_key["notifications.json#3"].warnings)
    assert any("unknown language 'xx'" in w for w in by_key["notifications.json#6"].warnings)
    landed = set(NotificationPage.objects.filter(identifier__startswith="2099-").values_list("identifier", flat=True))
    assert landed == {"2099-001", "2099-003", "2099-006"}
    assert NotificationPage.objects.get(identifier="2099-003", locale__language_code="en").date is None
    late = ActivityPage.objects.get(identifier="ACT-2099-01")
    assert (late.end_text, late.end_date) == ("Before Q1 2026", None)
    assert "2099-001" in report.text() and "missing required field 'symbol'" in report.text()


def test_killed_run_resumed_ends_like_an_uninterrupted_run(full_run, tmp_path):
    _write(tmp_path / "a", "notifications.json", _notifications(12, 2097))
    _write(tmp_path / "b", "notifications.json", _notifications(12, 2098))

    def crash_after_five(result, seen=[]):  # noqa: B006  (counts calls across the run)
        seen.append(result.kind)
        if seen.count("notification") == 5:
            raise Crash

    with pytest.raises(Crash):
        migrate_legacy(Options(sources=[tmp_path / "a"], reindex=False, batch_size=4,
                               after_record=crash_after_five))
    assert 0 < len(_state("2097")) < 12
    resumed = migrate_legacy(Options(sources=[tmp_path / "a"], reindex=False, resume=True))
    assert resumed.complete and resumed.counts()["failed"] == 0
    migrate_legacy(Options(sources=[tmp_path / "b"], reindex=False))

    interrupted, clean = _state("2097"), _state("2098")
    assert len(interrupted) == len(clean) == 12
    assert [v[1:] for v in interrupted.values()] == [
        (t, [u.replace("2098", "2097") for u in urls]) for _, t, urls in clean.values()]
    assert migrate_legacy(Options(sources=[tmp_path / "a"], reindex=False)).counts()["created"] == 0


def test_limit_then_resume_completes_the_run(full_run, tmp_path):
    _write(tmp_path, "notifications.json", _notifications(10, 2096))
    first = migrate_legacy(Options(sources=[tmp_path], reindex=False, limit=4))
    assert not first.complete and len(_state("2096")) == 4
    second = migrate_legacy(Options(sources=[tmp_path], reindex=False, resume=True))
    assert second.complete and second.run_id == first.run_id and len(_state("2096")) == 10
    assert second.counts()["created"] == 10


def test_changed_record_is_updated_as_a_new_revision(full_run, tmp_path):
    records = _notifications(1, 2095)
    _write(tmp_path, "notifications.json", records)
    migrate_legacy(Options(sources=[tmp_path], reindex=False))
    records[0]["titleEn"] = "A corrected title"
    _write(tmp_path, "notifications.json", records)
    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))
    assert report.counts()["updated"] == 1
    page = NotificationPage.objects.get(identifier="2095-001", locale__language_code="en")
    assert page.title == "A corrected title" and page.revisions.count() == 2 and page.live


def test_files_directory_attaches_files_and_reports_missing(full_run, tmp_path, django_capture_on_commit_callbacks):
    _write(tmp_path / "src", "notifications.json", _notifications(2, 2094))
    doc = tmp_path / "doc" / "notifications" / "2094"
    doc.mkdir(parents=True)
    name = json.loads((tmp_path / "src" / "notifications.json").read_text())[0]["files"][0]["url"].rsplit("/", 1)[1]
    (doc / name).write_text("Notification 2094-001\n\n1. The Executive Secretary invites Parties to respond.\n")
    with django_capture_on_commit_callbacks(execute=True):
        report = migrate_legacy(Options(sources=[tmp_path / "src"], files_dir=tmp_path / "doc", reindex=False))
    row = NotificationPage.objects.get(identifier="2094-001", locale__language_code="en").files.get()
    assert row.local_path.endswith(name) and len(row.checksum) == 64
    assert row.extraction_status != "skipped"
    missing = next(r for r in report.results if r.identifier == "2094-002")
    assert any("not found under" in w for w in missing.warnings)


def test_dry_run_writes_nothing(full_run, tmp_path):
    _write(tmp_path, "notifications.json", _notifications(3, 2093))
    report = migrate_legacy(Options(sources=[tmp_path], dry_run=True))
    assert report.counts()["created"] == 3 and not RecordPage.objects.filter(identifier__startswith="2093-").exists()


def test_copy_of_bundled_data_is_unchanged(full_run, tmp_path):
    shutil.copytree(DATA / "treaties", tmp_path / "treaties")
    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))
    assert report.counts()["created"] == 0 and report.counts()["updated"] == 0 and report.counts()["unchanged"] > 100
