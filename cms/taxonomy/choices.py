"""Choices for taxonomy widgets, read from the published English terms."""

from __future__ import annotations

from django.db.utils import DatabaseError


def term_choices(scheme: str) -> list[tuple[str, str]]:
    from cms.taxonomy.models import TermPage

    try:
        rows = TermPage.objects.filter(scheme=scheme, locale__language_code="en").order_by("identifier")
        return [(t.identifier, f"{t.identifier} — {t.short_title or t.title}"[:120]) for t in rows]
    except DatabaseError:  # before migrations have run (e.g. makemigrations)
        return []
