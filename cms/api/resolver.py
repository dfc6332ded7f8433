"""Maps any spelling of a reference to a record: an identifier in any case, a reference in free text
("decision 15/4", "XII/2", "Article 8(j)", "notification 2024-70") or a legacy URL of the incumbent sites."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from cms.api.serializers import public_records, records
from cms.core.models import RecordPage
from cms.core.visibility import first_public, public_list
from cms.linked.resolution import by_index_api_id, by_paragraph_path
from identifiers import parse_references


@dataclass
class Resolution:
    page: RecordPage
    match: str  # "identifier" | "reference" | "legacy-url" | "index-id" | "paragraph-code"
    paragraph: str | None = None
    paragraph_codes: tuple[str, ...] = ()

    def anchor(self) -> str | None:
        """The fragment of the referenced paragraph on the record page ("article 8(j)" -> "para-j"), when the
        record has that paragraph; a decision's "paragraph 2" never lands on an annex's paragraph 2."""
        wanted = {code.casefold() for code in self.paragraph_codes}
        if not wanted:
            return None
        for paragraph in self.page.specific.search_paragraphs():
            if (paragraph.get("code") or "").casefold() in wanted:
                return paragraph.get("anchor")
        return None


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
    return first_public(records().filter(locale__language_code="en", identifier__iexact=candidates[0]))


def _legacy_path(ref: str) -> str | None:
    if ref.startswith(("http://", "https://")):
        parts = urlsplit(ref)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ref if ref.startswith("/") else None


def _by_legacy_url(path: str) -> RecordPage | None:
    """A legacy path (a redirect made by the migration) or a record's own CMS URL, only while the record is public:
    a restricted, unpublished or expired record is not found, so neither its title nor its identifier leaks."""
    from wagtail.contrib.redirects.models import Redirect

    normalised = Redirect.normalise_path(path)
    redirect = Redirect.objects.filter(old_path=normalised, redirect_page__isnull=False).first()
    if redirect is not None:
        return public_records().filter(pk=redirect.redirect_page_id).first()
    return _by_page_url(path)


def _by_page_url(path: str) -> RecordPage | None:
    """"/en/notifications/2024-070/" -> that record: its language prefix names the locale, the rest its url_path
    below the locale's home page (one query, not a walk over every record)."""
    from wagtail.models import Page, Site

    bare = path.split("?", 1)[0]
    parts = [part for part in bare.split("/") if part]
    if len(parts) < 2 or parts[0] not in settings.UN_LANGUAGE_CODES:
        return None
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    homes = Page.objects.filter(translation_key=site.root_page.translation_key, locale__language_code=parts[0])
    url_paths = [f"{home.rstrip('/')}/{'/'.join(parts[1:])}/" for home in homes.values_list("url_path", flat=True)]
    for page in public_list(records().filter(locale__language_code=parts[0], url_path__in=url_paths)):
        if page.url and page.url.rstrip("/") == bare.rstrip("/"):
            return page
    return None


def resolve(ref: str) -> Resolution | None:
    ref = (ref or "").strip()[:500]
    if not ref:
        return None
    # identifier__iexact is served by no index: its matches first, then their restrictions (cms.core.visibility).
    exact = first_public(records().filter(identifier__iexact=ref).order_by("locale__language_code"))
    if exact is not None:
        return Resolution(exact, "identifier")
    indexed = by_index_api_id(ref)
    if indexed is not None:
        return Resolution(indexed, "index-id")
    paragraph = by_paragraph_path(ref)
    if paragraph is not None:
        page, code, label = paragraph
        return Resolution(page, "paragraph-code", label, (code,))
    legacy_path = _legacy_path(ref)
    if legacy_path:
        page = _by_legacy_url(legacy_path)
        if page is not None:
            return Resolution(page, "legacy-url")
    for reference in parse_references(ref):
        page = _by_identifiers(list(reference.candidates))
        if page is not None:
            return Resolution(page, "reference", getattr(reference, "paragraph", None),
                              tuple(getattr(reference, "paragraph_codes", ()) or ()))
    return None
