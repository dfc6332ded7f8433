"""Maps any spelling of a reference to a record: an identifier in any case, a reference in free text
("decision 15/4", "XII/2", "Article 8(j)", "notification 2024-70") or a legacy URL of the incumbent sites."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from cms.api.serializers import public_records
from cms.core.models import RecordPage


@dataclass
class Resolution:
    page: RecordPage
    match: str  # "identifier" | "reference" | "legacy-url"
    paragraph: str | None = None


def _by_identifiers(candidates: list[str]) -> RecordPage | None:
    if not candidates:
        return None
    pages = {
        p.identifier.casefold(): p
        for p in public_records().filter(locale__language_code="en").filter(identifier__in=candidates)
    }
    for candidate in candidates:
        if candidate.casefold() in pages:
            return pages[candidate.casefold()]
    lowered = public_records().filter(locale__language_code="en", identifier__iexact=candidates[0]).first()
    return lowered


def _legacy_path(ref: str) -> str | None:
    if ref.startswith(("http://", "https://")):
        parts = urlsplit(ref)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ref if ref.startswith("/") else None


def _by_legacy_url(path: str) -> RecordPage | None:
    from wagtail.contrib.redirects.models import Redirect

    normalised = Redirect.normalise_path(path)
    redirect = Redirect.objects.filter(old_path=normalised).select_related("redirect_page").first()
    if redirect and redirect.redirect_page_id:
        page = redirect.redirect_page.specific
        return page if isinstance(page, RecordPage) and page.live else None
    for page in public_records().filter(url_path__isnull=False):
        if page.url and page.url.rstrip("/") == path.rstrip("/"):
            return page
    return None


def resolve(ref: str) -> Resolution | None:
    ref = (ref or "").strip()[:500]
    if not ref:
        return None
    exact = public_records().filter(identifier__iexact=ref).order_by("locale__language_code").first()
    if exact is not None:
        return Resolution(exact, "identifier")
    legacy_path = _legacy_path(ref)
    if legacy_path:
        page = _by_legacy_url(legacy_path)
        if page is not None:
            return Resolution(page, "legacy-url")
    from search.references import parse_references

    for reference in parse_references(ref):
        page = _by_identifiers(list(reference.candidates))
        if page is not None:
            return Resolution(page, "reference", getattr(reference, "paragraph", None))
    return None
