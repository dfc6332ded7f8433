"""Permanent redirects from legacy URLs to the record pages that replace them."""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

from cms.core.models import RecordPage


def ensure_redirects(page: RecordPage, legacy_urls: list[str]) -> list[str]:
    """Point every legacy path at `page` (site-wide, permanent). Returns paths taken by another record's
    redirect (reported as warnings: the first record keeps the path)."""
    paths = list(dict.fromkeys(Redirect.normalise_path(u) for u in legacy_urls if u and u.strip() not in ("", "/")))
    existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=paths)}
    conflicts: list[str] = []
    new: list[Redirect] = []
    for path in paths:
        redirect = existing.get(path)
        if redirect is None:
            new.append(Redirect(old_path=path, site=None, is_permanent=True, redirect_page=page))
        elif redirect.redirect_page_id != page.pk:
            owner = RecordPage.objects.filter(pk=redirect.redirect_page_id).values_list("identifier", flat=True)
            if owner.exists():
                conflicts.append(f"legacy URL {path} already redirects to {owner.first()}; kept")
            else:  # a stale redirect (page deleted): take it over
                redirect.redirect_page, redirect.is_permanent, redirect.redirect_link = page, True, ""
                redirect.save()
    Redirect.objects.bulk_create(new)
    return conflicts
