"""Insert many new Wagtail pages in a few statements, with the same rows Wagtail's add_child + publish writes.

Django's bulk_create refuses multi-table-inherited models, so the page rows go in level by level: the
wagtailcore_page rows through bulk_create (which returns their ids), then each concrete child table
(core_recordpage, records_notificationpage, ...) with the id as its parent pointer. The caller has already
given each page its tree position (path, depth, url_path) and run the model's own save() bookkeeping
(see prepare_for_insert)."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision

from cms.core.models import RecordPage
from identifiers import normalize_document_symbol


def prepare_for_insert(page: RecordPage) -> None:
    """What the record models' save() overrides compute, since bulk inserts bypass save(). Kept in step with
    cms/core/models/records.py and cms/records/models/documents.py (a test re-saves migrated pages through
    save() and asserts nothing changes)."""
    page.record_type = page.resolve_record_type()
    page.identity_key = f"{page.locale.language_code}:{page.identifier}"
    if hasattr(page, "normalized_symbol"):

        page.normalized_symbol = normalize_document_symbol(page.identifier).upper()
        if page.meeting_code and page.meeting_code not in (page.meetings or []):
            page.meetings = [*(page.meetings or []), page.meeting_code]


def _concrete_levels(model: type[models.Model]) -> list[type[models.Model]]:
    """The tables below wagtailcore_page, from the closest to Page down to the model itself."""
    return [m for m in reversed(model._meta.get_parent_list()) if m is not Page] + [model]


def _insert_rows(model: type[models.Model], objs: list[models.Model]) -> None:
    fields = list(model._meta.local_concrete_fields)
    size = max(connection.ops.bulk_batch_size(fields, objs) or len(objs), 1)
    for start in range(0, len(objs), size):
        model._base_manager._insert(objs[start:start + size], fields=fields)


def insert_pages(pages: Sequence[RecordPage]) -> None:
    Page.objects.bulk_create(pages)  # assigns page.id (RETURNING on SQLite >= 3.35 and PostgreSQL)
    by_model: dict[type[models.Model], list[RecordPage]] = defaultdict(list)
    for page in pages:
        by_model[type(page)].append(page)
    for model, objs in by_model.items():
        levels = _concrete_levels(model)
        for obj in objs:
            for level in levels:
                for link in level._meta.parents.values():
                    if link is not None:
                        setattr(obj, link.attname, obj.id)
            obj._state.adding = False
        for level in levels:
            _insert_rows(level, objs)


def count_children(parents: Sequence[Page]) -> None:
    """treebeard's numchild: one UPDATE per parent that received pages."""
    for parent_id, added in Counter(p.pk for p in parents).items():
        Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + added)


def insert_children(pages: Sequence[RecordPage], rows_of: dict[int, list[models.Model]]) -> None:
    """Attach file rows (an Orderable child relation) to their new pages; the rows get ids for the revision.
    Every child relation of a new page (files, Wagtail's comments, ...) is set in memory, so serializable_data()
    and hand_to_ingest read it without a query per page and relation."""
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for page in pages:
        rows = rows_of.get(id(page), [])
        for order, row in enumerate(rows):
            row.page_id, row.sort_order = page.pk, order
            by_model[type(row)].append(row)
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            setattr(page, name, rows if name == "files" else [])
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)


def publish_new(pages: Sequence[RecordPage], now: datetime) -> None:
    """The revision and the two history entries save_revision().publish() writes for a new page (create,
    publish), in three statements for the whole batch. Lifecycle and index signals are not sent: the run
    updates Wagtail's own indexes once at the end (see wagtail_indexes); the batch queues its pages for the hub's
    indexes in the same transaction (batch.BatchWriter.flush)."""
    base_ct = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                 base_content_type=base_ct, object_id=str(page.pk), created_at=now,
                 content=page.serializable_data(), object_str=str(page)[:255])
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision, page.live_revision = revision, revision
    # One UPDATE with a correlated subquery (indexed on base_content_type, object_id); bulk_update's CASE over
    # 500 pages costs more to compile in Python than the database spends on it.
    newest = Revision.objects.filter(base_content_type=base_ct, object_id=Cast(OuterRef("pk"), CharField()))
    newest = Subquery(newest.order_by("-pk").values("pk")[:1])
    Page.objects.filter(pk__in=[p.pk for p in pages]).update(latest_revision_id=newest, live_revision_id=newest)
    PageLogEntry.objects.bulk_create([entry for page in pages for entry in _log_entries(page, now)])


def _log_entries(page: RecordPage, now: datetime) -> list[PageLogEntry]:
    shared = {"content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
              "label": page.get_admin_display_title(), "timestamp": now, "uuid": uuid.uuid4(),
              "content_changed": True, "page_id": page.pk, "data": {}}
    return [PageLogEntry(action="wagtail.create", **shared),
            PageLogEntry(action="wagtail.publish", revision=page.latest_revision, **shared)]
