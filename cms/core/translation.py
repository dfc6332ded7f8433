"""Per-record translation status. A "translation" whose text is identical to the English counts as missing:
the legacy exports carry copies of the English title in every language column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cms.core.models import RecordPage

ORIGINAL, TRANSLATED, PARTIAL, MISSING = "original", "translated", "partial", "missing"


def _normalise(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


def compare_to_source(source: RecordPage, candidate: RecordPage) -> str:
    fields = [f for f in type(source).TRANSLATED_TEXT_FIELDS if _normalise(getattr(source, f, ""))]
    if not fields:
        return TRANSLATED
    differing = [f for f in fields if _normalise(getattr(candidate, f, "")) != _normalise(getattr(source, f, ""))]
    if not differing:
        return MISSING
    return TRANSLATED if len(differing) == len(fields) else PARTIAL


def translation_status(page: RecordPage) -> dict[str, str]:
    """Map every UN language to original / translated / partial / missing for this record."""
    pages = {p.locale.language_code: p.specific for p in page.get_translations(inclusive=True).select_related("locale")}
    source = pages.get(settings.LANGUAGE_CODE) or page
    status: dict[str, str] = {}
    for code in settings.UN_LANGUAGE_CODES:
        if code == source.locale.language_code:
            status[code] = ORIGINAL
        elif code not in pages or not pages[code].live:
            status[code] = MISSING
        else:
            status[code] = compare_to_source(source, pages[code])
    return status


@dataclass
class UntranslatedRecord:
    page_id: int
    identifier: str
    title: str
    missing: list[str]


@dataclass
class UntranslatedReport:
    total: int = 0
    untranslated: int = 0
    missing_per_language: dict[str, int] = field(default_factory=dict)
    records: list[UntranslatedRecord] = field(default_factory=list)  # newest first


def untranslated_records() -> UntranslatedReport:
    """Published English records lacking a real translation in some UN language, in two queries for the whole
    hub (the dashboard's panel). Compares the fields every record shares (title, summary) the way
    compare_to_source does: a live translation whose text equals the English counts as missing."""
    from cms.core.models import RecordPage

    source_code = settings.LANGUAGE_CODE
    english = list(RecordPage.objects.live().filter(locale__language_code=source_code)
                   .order_by("-date", "-pk").values_list("pk", "identifier", "title", "summary", "translation_key"))
    copies: dict[tuple, tuple[str, str]] = {
        (key, code): (title, summary)
        for key, code, title, summary in RecordPage.objects.live().exclude(locale__language_code=source_code)
        .values_list("translation_key", "locale__language_code", "title", "summary")
    }
    others = [code for code in settings.UN_LANGUAGE_CODES if code != source_code]
    report = UntranslatedReport(total=len(english), missing_per_language=dict.fromkeys(others, 0))
    for page_id, identifier, title, summary, key in english:
        source = [_normalise(title), _normalise(summary)]
        missing = []
        for code in others:
            copy = copies.get((key, code))
            if copy is None or all(_normalise(c) == s for c, s in zip(copy, source, strict=True) if s):
                missing.append(code)
                report.missing_per_language[code] += 1
        if missing:
            report.untranslated += 1
            report.records.append(UntranslatedRecord(page_id, identifier, title, missing))
    return report
