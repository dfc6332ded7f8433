"""Wagtail's own indexes during a bulk import: deferred, then updated once for every page the run touched.

Saving a page normally updates Wagtail's admin search index and its reference index, per page, which dominates
the cost of a bulk import. Inside `deferred_wagtail_indexes()` those two handlers are disconnected and the touched
page ids collected; on exit they are reconnected and both indexes are updated in bulk. The hub's own indexes are
not concerned: the lifecycle (indexing) records every written page in the run's transactions and drains once at
the end (indexing.outbox.bulk_work)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelcluster.models import get_all_child_relations
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.models import Page
from wagtail.signal_handlers import update_reference_index_on_save

from migration.runner.reference_index import update_reference_index

logger = logging.getLogger(__name__)


@dataclass
class SuspendedEvents:
    page_ids: list[int] = field(default_factory=list)

    def touched(self, page_id: int) -> None:
        self.page_ids.append(page_id)


def _page_models() -> list[type]:
    return [m for m in search_index.get_indexed_models() if issubclass(m, Page)]


@contextmanager
def deferred_wagtail_indexes(*, update: bool = True) -> Iterator[SuspendedEvents]:
    events = SuspendedEvents()
    models = _page_models()
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.disconnect(update_reference_index_on_save, sender=model)
    try:
        yield events
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)
            post_save.connect(update_reference_index_on_save, sender=model)
        if update and events.page_ids:
            update_wagtail_indexes(sorted(set(events.page_ids)))


def _specific_pages(page_ids: list[int]) -> dict[type, list[Page]]:
    """Specific instances grouped by model, child relations (files) prefetched: the search text and the
    reference index read them for every page."""
    by_ct: dict[int, list[int]] = {}
    for pk, ct in Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"):
        by_ct.setdefault(ct, []).append(pk)
    by_model: dict[type, list[Page]] = {}
    for ct, ids in by_ct.items():
        model = ContentType.objects.get_for_id(ct).model_class()
        if model is None:
            continue
        relations = [r.get_accessor_name() for r in get_all_child_relations(model)]
        by_model[model] = list(model.objects.filter(pk__in=ids).select_related("locale").prefetch_related(
            *relations))
    return by_model


def update_wagtail_indexes(page_ids: list[int], chunk: int = 500) -> None:
    """Wagtail's admin search and reference indexes, in bulk."""
    backends = list(get_search_backends(with_auto_update=True))  # a generator
    indexes: dict[tuple[int, type], Any] = {}  # one index object per backend and model for the whole import
    norms: dict[int, Callable[[], None]] = {}  # per backend: its title-norm refresh, run once at the end
    for start in range(0, len(page_ids), chunk):
        by_model = _specific_pages(page_ids[start:start + chunk])
        for model, objs in by_model.items():
            for n, backend in enumerate(backends):
                if (n, model) not in indexes:
                    index = indexes[(n, model)] = backend.get_index_for_model(model)
                    refresh = _defer_title_norms(index)
                    if refresh is not None:
                        norms.setdefault(n, refresh)
                index = indexes[(n, model)]
                _admin_index(lambda index=index, model=model, objs=objs: index.add_items(model, objs), model)
        with transaction.atomic():
            update_reference_index([page for objs in by_model.values() for page in objs])
    for refresh in norms.values():
        _admin_index(refresh, Page)


def _admin_index(update: Callable[[], None], model: type) -> None:
    try:
        update()
    except Exception:  # the admin search index is derived data: a failure must not undo the import
        logger.exception("wagtail search index update failed for %s", model.__name__)


def _defer_title_norms(index: Any) -> Callable[[], None] | None:
    """modelsearch's database indexes (PostgreSQL, SQLite) recompute the title norms after every add_items call:
    an aggregate over the whole index table and an update, per chunk, so a bulk import grows quadratic (at 20k
    records on PostgreSQL a fifth of the run). On this index object the per-chunk refresh is skipped; the caller
    runs the returned refresh once at the end (it covers the whole table, whatever the model), so every new
    entry gets the final average title length. None for backends without title norms."""
    refresh = getattr(index, "_refresh_title_norms", None)
    if refresh is None:
        return None
    index._refresh_title_norms = lambda full=False: None
    return refresh  # the class's method, bound before it was shadowed
