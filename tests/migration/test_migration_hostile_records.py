"""Hostile legacy records (issue 15, items 4-6): wrong types, invalid Unicode and dates that are not dates each
fail or warn alone, with a reason an operator can act on; their neighbours in the same batch land, a resumed run
does not trip on them again, and what the report says is kept is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wagtail.contrib.redirects.models import Redirect

from cms.records.models import MeetingPage, NotificationPage
from migration.runner.pipeline import Options, migrate_legacy

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


def _notifications(count: int, year: int) -> list[dict]:
    records = json.loads((DATA / "notifications.json").read_text())[:count]
    for n, record in enumerate(records, start=1):
        record["symbol"] = f"{year}-{n:03d}"
        record["urls"] = [f"https://www.cbd.int/notifications/{year}-{n:03d}"]
        for file in record["files"]:
            file["url"] = file["url"].replace("/2024/", f"/{year}/").replace("ntf-2024-", f"ntf-{year}-")
    return records


def _write(directory: Path, name: str, records: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    # ensure_ascii: "\ud800" is written as the escape JSON allows, exactly as a legacy export would hold it
    (directory / name).write_text(json.dumps(records, ensure_ascii=True))


def _landed(year: int) -> set[str]:
    return set(NotificationPage.objects.filter(identifier__startswith=f"{year}-", locale__language_code="en")
               .values_list("identifier", flat=True))


def test_wrong_types_fail_alone_with_the_field_named(site_only, tmp_path):
    records = _notifications(6, 2089)
    records[0]["urls"] = "https://www.cbd.int/notifications/2089-001"  # a string where a list is expected
    records[1]["titleEn"] = {"en": "A title in an object"}  # an object where text is expected
    records[2]["sender"] = 12345  # a number where text is expected
    records[3]["recipients"] = "Parties, observers"  # a string where a list is expected
    _write(tmp_path, "notifications.json", records)

    report = migrate_legacy(Options(sources=[tmp_path], reindex=False, batch_size=50))

    reasons = {r.key: r.reason for r in report.failed()}
    assert set(reasons) == {f"notifications.json#{n}" for n in (1, 2, 3, 4)}
    assert "field 'urls' must be a list of texts, not a text ('https://www.cbd.int/" in reasons["notifications.json#1"]
    assert "field 'titleEn' must be text, not an object" in reasons["notifications.json#2"]
    assert "field 'sender' must be text, not a number (12345)" in reasons["notifications.json#3"]
    assert "field 'recipients' must be a list of texts" in reasons["notifications.json#4"]
    assert _landed(2089) == {"2089-005", "2089-006"}  # the neighbours in the same batch
    # No redirect from a one-character path was made (the string was never iterated).
    assert not Redirect.objects.filter(old_path__regex=r"^/.$").exists()
    assert "2089-001" not in "".join(Redirect.objects.values_list("old_path", flat=True))


def test_unpaired_surrogate_fails_its_record_only_and_resume_passes_it(site_only, tmp_path):
    records = _notifications(5, 2088)
    records[2]["titleEn"] = "Biodiversity \ud800 finance"
    records[3]["files"][0]["name"] = "annex\udfff.pdf"
    _write(tmp_path, "notifications.json", records)

    report = migrate_legacy(Options(sources=[tmp_path], reindex=False, batch_size=50))

    reasons = {r.key: r.reason for r in report.failed()}
    assert set(reasons) == {"notifications.json#3", "notifications.json#4"}
    assert "field 'titleEn' holds an unpaired surrogate (U+D800 at character 14)" in reasons["notifications.json#3"]
    assert "field 'files[0].name' holds an unpaired surrogate (U+DFFF" in reasons["notifications.json#4"]
    assert _landed(2088) == {"2088-001", "2088-002", "2088-005"}  # before and after it, in one batch
    assert report.complete
    report.text()  # the report itself can be printed (no surrogate leaks into it)

    resumed = migrate_legacy(Options(sources=[tmp_path], reindex=False, resume=True))
    assert resumed.complete and _landed(2088) == {"2088-001", "2088-002", "2088-005"}


def test_invalid_dates_are_kept_where_the_report_says(site_only, tmp_path):
    records = _notifications(2, 2087)
    records[0]["date"] = "sometime in spring"
    records[0]["deadline"] = "31/02/2087"
    _write(tmp_path, "notifications.json", records)
    meetings = json.loads((DATA / "meetings.json").read_text())[:1]
    meetings[0]["links"] = ["https://www.cbd.int/meetings/TEST-2087"]
    meetings[0]["endDate"] = "to be confirmed"
    (tmp_path / "meetings.json").write_text(json.dumps(meetings))

    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))

    warnings = {r.key: r.warnings for r in report.results}
    assert any("'sometime in spring' is not a date; date left empty, the text kept in the record's legacy values "
               "(legacy_values.date)" in w for w in warnings["notifications.json#1"])
    page = NotificationPage.objects.get(identifier="2087-001", locale__language_code="en")
    assert page.date is None and page.deadline is None
    assert page.legacy_values == {"date": "sometime in spring", "deadline": "31/02/2087"}
    assert NotificationPage.objects.get(identifier="2087-002", locale__language_code="en").legacy_values == {}
    meeting = MeetingPage.objects.get(identifier="TEST-2087", locale__language_code="en")
    assert meeting.end_date is None and meeting.legacy_values == {"endDate": "to be confirmed"}

    records[0]["date"] = "2087-03-01"  # fixed in the export: the kept text goes, the date is set
    records[0]["deadline"] = "2087-04-01"
    _write(tmp_path, "notifications.json", records)
    migrate_legacy(Options(sources=[tmp_path], reindex=False))
    page.refresh_from_db()
    assert str(page.date) == "2087-03-01" and page.legacy_values == {}


def test_nul_and_control_characters_in_legacy_text_are_removed(site_only, tmp_path):
    records = _notifications(2, 2086)
    records[0]["titleEn"] = "Biodiversity\x00 finance\x07 call"
    _write(tmp_path, "notifications.json", records)

    report = migrate_legacy(Options(sources=[tmp_path], reindex=False))

    assert not report.failed()
    page = NotificationPage.objects.get(identifier="2086-001", locale__language_code="en")
    assert page.title == "Biodiversity finance call"
