"""Wagtail's reference index (the admin's "usage" counts) for many pages at once.

ReferenceIndex.create_or_update_for_object costs a SELECT, an INSERT and a DELETE per page; this does the same
diff for a chunk of pages with one of each. The references themselves come from Wagtail's own extractor, so
the rows are the ones Wagtail would write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page, ReferenceIndex

Reference = tuple[int, str, str, str]  # to_content_type_id, to_object_id, model_path, content_path


def _content_type_ids(page: Page) -> list[int]:
    """The page's own content type and its ancestors' (existing rows under those are its own)."""
    return [ContentType.objects.get_for_model(m, for_concrete_model=False).id
            for m in [type(page), *page._meta.get_parent_list()]]


def _existing(base_ct: int, pages: Sequence[Page]) -> dict[str, dict[Reference, tuple[int, int]]]:
    rows: dict[str, dict[Reference, tuple[int, int]]] = defaultdict(dict)
    found = ReferenceIndex.objects.filter(base_content_type_id=base_ct, object_id__in=[str(p.pk) for p in pages])
    for pk, object_id, ct, to_ct, to_id, model_path, content_path in found.values_list(
            "id", "object_id", "content_type_id", "to_content_type_id", "to_object_id", "model_path", "content_path"):
        rows[object_id][(to_ct, to_id, model_path, content_path)] = (ct, pk)
    return rows


def update_reference_index(pages: Sequence[Page]) -> None:
    """Specific page instances (with their child relations prefetched, or each one costs a query)."""
    if not pages:
        return
    base_ct = ContentType.objects.get_for_model(Page).id
    existing = _existing(base_ct, pages)
    new: list[ReferenceIndex] = []
    stale: list[int] = []
    for page in pages:
        found = set(ReferenceIndex._extract_references_from_object(page))
        known = existing.get(str(page.pk), {})
        ct_ids = _content_type_ids(page)
        new += [ReferenceIndex(content_type_id=ct_ids[0], base_content_type_id=base_ct, object_id=str(page.pk),
                               to_content_type_id=to_ct, to_object_id=to_id, model_path=model_path,
                               content_path=content_path,
                               content_path_hash=ReferenceIndex._get_content_path_hash(content_path))
                for to_ct, to_id, model_path, content_path in found - known.keys()]
        # A row recorded under a more specific model than this one is not ours to judge (as in Wagtail).
        stale += [pk for ref, (ct, pk) in known.items() if ref not in found and ct in ct_ids]
    ReferenceIndex.objects.bulk_create(new, ignore_conflicts=connection.features.supports_ignore_conflicts)
    if stale:
        ReferenceIndex.objects.filter(id__in=stale).delete()
