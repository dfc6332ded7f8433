"""Per-record translation status. A "translation" whose text is identical to the English counts as missing:
the legacy exports carry copies of the English title in every language column."""

from __future__ import annotations

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
