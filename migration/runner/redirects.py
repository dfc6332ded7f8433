"""Permanent redirects from legacy URLs to the record pages that replace them."""

from __future__ import annotations

from collections.abc import Sequence

from wagtail.contrib.redirects.models import Redirect

from cms.core.models import RecordPage


def _paths(legacy_urls: list[str]) -> list[str]:
    return list(dict.fromkeys(Redirect.normalise_path(u) for u in legacy_urls if u and u.strip() not in ("", "/")))


def ensure_redirects(page: RecordPage, legacy_urls: list[str]) -> list[str]:
    return ensure_redirects_many([(page, legacy_urls)])[page.pk]


def ensure_redirects_many(targets: Sequence[tuple[RecordPage, list[str]]]) -> dict[int, list[str]]:
    """Point every legacy path at its page (site-wide, permanent), for a batch of pages in three queries.
    Returns, per page id, the paths taken by another record's redirect (reported as warnings: the first record
    keeps the path, also within the batch)."""
    wanted = [(page, _paths(urls)) for page, urls in targets]
    every_path = {path for _, paths in wanted for path in paths}
    existing = {r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=every_path)} if every_path \
        else {}
    others = {r.redirect_page_id for r in existing.values() if r.redirect_page_id}
    owners = dict(RecordPage.objects.filter(pk__in=others).values_list("pk", "identifier")) if others else {}
    claimed: dict[str, str] = {}  # path -> identifier of the batch record that took it
    conflicts: dict[int, list[str]] = {page.pk: [] for page, _ in targets}
    new: list[Redirect] = []
    for page, paths in wanted:
        for path in paths:
            redirect = existing.get(path)
            owner = claimed.get(path) or (owners.get(redirect.redirect_page_id) if redirect else None)
            if redirect is not None and redirect.redirect_page_id == page.pk:
                continue
            if owner is not None:
                conflicts[page.pk].append(f"legacy URL {path} already redirects to {owner}; kept")
            elif redirect is None:
                new.append(Redirect(old_path=path, site=None, is_permanent=True, redirect_page=page))
                claimed[path] = page.identifier
            else:  # a stale redirect (its page was deleted): take it over
                redirect.redirect_page, redirect.is_permanent, redirect.redirect_link = page, True, ""
                redirect.save()
                claimed[path] = page.identifier
    Redirect.objects.bulk_create(new)
    return conflicts
