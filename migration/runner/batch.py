"""Writes settled records in batches: one transaction per batch, a savepoint per record.

New pages of a batch go in together (see bulk_pages) inside one savepoint; if that fails, the savepoint is
rolled back and the batch's records are written again one savepoint each, so the failing record is reported
with its reason and no other record is touched. Updates and records with translations take the per-record
path directly. State rows commit with their pages, so an interrupted run loses at most the open batch, which
--resume writes again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from cms.core.models import RecordPage
from indexing.outbox import record_changes
from migration.runner.files import hand_to_ingest
from migration.runner.redirects import ensure_redirects_many
from migration.runner.state import Outcome, RecordResult, RunState
from migration.runner.translations import sync_translations
from migration.runner.writer import NewPage, PageWriter
from migration.spec import MappingError, RecordSpec


@dataclass
class Pending:
    spec: RecordSpec
    checksum: str
    result: RecordResult
    page_id: int | None = None  # the existing page to update, None for a new record
    content_type_id: int = 0


class BatchWriter:
    def __init__(self, writer: PageWriter, state: RunState, locales: dict[str, Locale], size: int,
                 on_written: Callable[[Pending, RecordPage], None]) -> None:
        self.writer, self.state, self.locales, self.size = writer, state, locales, max(size, 1)
        self.on_written = on_written  # called after the batch commits, for each record it wrote
        self.pending: list[Pending] = []

    def add(self, item: Pending) -> None:
        if item.spec.parent and any(p.spec.identifier == item.spec.parent for p in self.pending):
            self.flush()  # a child record needs its parent's page in the database
        self.pending.append(item)
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        written: list[tuple[Pending, RecordPage]] = []
        with transaction.atomic():
            bulk = [p for p in batch if p.page_id is None and not p.spec.translations]
            written += self._create_together(bulk)
            for item in batch:
                if item.page_id is not None or item.spec.translations:
                    written += self._write_one(item)
            # Queued in the batch's own transaction: a run killed at any point leaves no written page unqueued.
            record_changes([page.pk for _, page in written], "import")
            self.state.flush()
        for item, page in written:
            self.on_written(item, page)

    # -- the fast path --------------------------------------------------------------------------------------
    def _create_together(self, items: list[Pending]) -> list[tuple[Pending, RecordPage]]:
        if not items:
            return []
        now = timezone.now()
        built: list[tuple[Pending, NewPage]] = []
        for item in items:
            try:  # in memory only: a record that cannot be built fails alone, before anything is written
                built.append((item, self.writer.build(item.spec, item.checksum, now)))
            except Exception as exc:
                self._failed(item, exc)
        warnings = {id(item): list(item.result.warnings) for item, _ in built}
        try:
            with transaction.atomic():
                self.writer.insert([new for _, new in built], now)
                pages = [(item, new.page) for item, new in built]
                self._finish(pages)
                for item, page in pages:
                    self._settled(item, page)
                self.state.save_many([item.result for item, _ in pages])
            return pages
        except Exception:  # some record broke the bulk insert: find it by writing one savepoint each
            self.writer.forget_positions()
            for item, _ in built:
                item.result.outcome, item.result.page_id = Outcome.FAILED, None
                item.result.warnings = warnings[id(item)]
            return [w for item, _ in built for w in self._write_one(item)]

    def _finish(self, pages: list[tuple[Pending, RecordPage]]) -> None:
        """Redirects, translations and file hand-over of written pages (inside the caller's savepoint)."""
        conflicts = ensure_redirects_many([(page, item.spec.legacy_urls) for item, page in pages])
        for item, page in pages:
            item.result.warnings = item.result.warnings + conflicts[page.pk]
            sync_translations(page, item.spec.translations, self.locales)
            if item.spec.files:
                hand_to_ingest(page, page.files.model._meta.label)

    # -- one record, one savepoint --------------------------------------------------------------------------
    def _write_one(self, item: Pending) -> list[tuple[Pending, RecordPage]]:
        try:
            with transaction.atomic():
                page = self._update(item) if item.page_id is not None else self._create(item)
                self._finish([(item, page)])
                self._settled(item, page)
                self.state.save_now(item.result)
        except Exception as exc:  # one record's failure must not stop the run or touch another record
            self.writer.forget_positions()
            self._failed(item, exc)
            return []
        return [(item, page)]

    def _create(self, item: Pending) -> RecordPage:
        now = timezone.now()
        new = self.writer.build(item.spec, item.checksum, now)
        self.writer.insert([new], now)
        return new.page

    def _update(self, item: Pending) -> RecordPage:
        expected = ContentType.objects.get_for_model(self.writer.model_of(item.spec)).pk
        if item.content_type_id and item.content_type_id != expected:
            raise MappingError(f"identifier {item.spec.identifier} already belongs to a record of another type")
        assert item.page_id is not None
        return self.writer.update(item.page_id, item.spec, item.checksum, timezone.now())

    def _settled(self, item: Pending, page: RecordPage) -> None:
        item.result.outcome = Outcome.UPDATED if item.page_id is not None else Outcome.CREATED
        item.result.page_id = page.pk

    def _failed(self, item: Pending, exc: Exception) -> None:
        item.result.outcome, item.result.page_id = Outcome.FAILED, None
        item.result.reason = f"could not be saved ({type(exc).__name__}: {exc})"
        self.state.save_later(item.result)
