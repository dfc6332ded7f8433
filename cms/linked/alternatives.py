"""A record's alternative identifiers: every name partners may hold for it, listed in its API response, its
JSON-LD and its SKOS concept, and each one resolvable through /api/resolve/ (cms.linked.resolution)."""

from __future__ import annotations

from typing import TypedDict

from cms.core.models import RecordPage
from cms.linked.uris import record_uri
from identifiers import decision_parts, symbol_variants


class AlternativeIdentifier(TypedDict):
    scheme: str  # what kind of name: "uri", "index-api", "dtt-code", "legacy-id", "symbol", "notation", "legacy-url"
    value: str


def _legacy_urls(page: RecordPage) -> list[str]:
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page

    versions = Page.objects.filter(translation_key=page.translation_key).values("pk")
    return list(Redirect.objects.filter(redirect_page_id__in=versions).order_by("old_path")
                .values_list("old_path", flat=True)[:20])


def alternative_identifiers(page: RecordPage) -> list[AlternativeIdentifier]:
    page = page.specific
    out: list[AlternativeIdentifier] = [{"scheme": "uri", "value": record_uri(page.identifier, page.record_type)}]
    if page.legacy_id and page.legacy_id != page.identifier:
        scheme = "index-api" if page.source_system.startswith("cbd-index-api") else "legacy-id"
        out.append({"scheme": scheme, "value": page.legacy_id})
    parts = decision_parts(page.identifier) if page.record_type == "decision" else None
    if parts is not None:
        out += [{"scheme": "dtt-code", "value": parts.dtt_code}, {"scheme": "short", "value": parts.short}]
    code = getattr(page, "code", "")
    if code and code != page.identifier:
        out.append({"scheme": "notation", "value": code})
    out += [{"scheme": "symbol", "value": v} for v in symbol_variants(page.identifier)[1:6]]
    out += [{"scheme": "legacy-url", "value": path} for path in _legacy_urls(page)]
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in out:
        key = (item["scheme"], item["value"].casefold())
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
