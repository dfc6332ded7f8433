"""Writes RecordSpecs to Wagtail pages: new ones are built in memory (tree position, slug, url_path) and
inserted in bulk under their section (or parent record); existing ones are updated in place as a new revision.
Tree positions are computed once per parent and advanced in memory, because treebeard's add_child looks up the
last child on every insert; the caller decides what one transaction (or savepoint) holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils.text import slugify
from wagtail.models import Locale, Page

from cms.core.models import RecordPage, SectionPage
from migration.runner.bulk_pages import count_children, insert_children, insert_pages, prepare_for_insert, publish_new
from migration.spec import FileSpec, RecordSpec

FILE_MODELS = {"records.NotificationPage", "records.MeetingDocumentPage", "records.DecisionPage"}


@dataclass
class NewPage:
    page: RecordPage
    parent: Page
    files: list[Any] = field(default_factory=list)


def slug_for(identifier: str) -> str:
    return slugify(re.sub(r"[/.\s]+", "-", identifier))[:255] or "record"


class PageWriter:
    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self._parents: dict[str, Page] = {}
        self._last_path: dict[int, str | None] = {}
        self._slugs: dict[int, set[str]] = {}

    # -- parents and tree positions -----------------------------------------------------------------------
    def parent_for(self, spec: RecordSpec) -> Page:
        key = f"record:{spec.parent}" if spec.parent else f"section:{spec.section}"
        if key not in self._parents:
            if spec.parent:
                parent = RecordPage.objects.filter(identifier=spec.parent, locale=self.locale).first()
                if parent is None:
                    raise LookupError(f"parent record '{spec.parent}' does not exist; import it first")
                self._parents[key] = parent.specific
            else:
                self._parents[key] = SectionPage.objects.get(section=spec.section, locale=self.locale)
        return self._parents[key]

    def forget_positions(self) -> None:
        """After a rolled-back record the cached positions may be ahead of the database: reload lazily."""
        self._last_path.clear()
        self._slugs.clear()
        self._parents.clear()

    def _next_path(self, parent: Page) -> str:
        if parent.pk not in self._last_path:
            last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
            self._last_path[parent.pk] = last
        last = self._last_path[parent.pk]
        path = Page(path=last)._inc_path() if last else Page._get_path(parent.path, parent.depth + 1, 1)
        self._last_path[parent.pk] = path
        return path

    def _unique_slug(self, parent: Page, identifier: str) -> str:
        if parent.pk not in self._slugs:
            self._slugs[parent.pk] = set(parent.get_children().values_list("slug", flat=True))
        base = slug_for(identifier)
        slug, n = base, 1
        while slug in self._slugs[parent.pk]:
            n += 1
            slug = f"{base}-{n}"
        self._slugs[parent.pk].add(slug)
        return slug

    # -- create (in batches) / update -----------------------------------------------------------------------
    def build(self, spec: RecordSpec, checksum: str, now: datetime) -> NewPage:
        """The unsaved page with its tree position, slug and url_path; nothing is written yet."""
        model = apps.get_model(spec.model)
        parent = self.parent_for(spec)
        page = model(locale=self.locale, depth=parent.depth + 1, numchild=0)
        page.path = self._next_path(parent)
        page.slug = self._unique_slug(parent, spec.identifier)
        self._apply(page, spec, checksum, now)
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page.set_url_path(parent)
        prepare_for_insert(page)
        files = [self._file_row(page, f) for f in spec.files] if spec.model in FILE_MODELS else []
        return NewPage(page, parent, files)

    @staticmethod
    def insert(new: list[NewPage], now: datetime) -> None:
        """Write built pages as published Wagtail pages: a handful of statements for the whole list."""
        pages = [n.page for n in new]
        insert_pages(pages)
        insert_children(pages, {id(n.page): n.files for n in new})
        count_children([n.parent for n in new])
        publish_new(pages, now)

    @staticmethod
    def model_of(spec: RecordSpec) -> type[RecordPage]:
        return apps.get_model(spec.model)

    def update(self, page_id: int, spec: RecordSpec, checksum: str, now: datetime) -> RecordPage:
        model = apps.get_model(spec.model)
        page = model.objects.get(pk=page_id)
        self._apply(page, spec, checksum, now)
        if spec.model in FILE_MODELS:
            page.files = self._merge_files(page, spec.files)
        page.save_revision(clean=False, log_action=True).publish(skip_permission_checks=True)
        return page

    def _apply(self, page: RecordPage, spec: RecordSpec, checksum: str, now: datetime) -> None:
        page.identifier = spec.identifier
        page.title = page.draft_title = spec.title
        for name, value in spec.fields.items():
            setattr(page, name, value)
        page.source_system = spec.source_system
        page.legacy_id = spec.legacy_id[:128]
        page.source_url = spec.source_url
        page.source_checksum = checksum
        page.imported_at = now

    def _file_row(self, page: RecordPage, spec: FileSpec, existing: Any = None) -> Any:
        row = existing or page.files.model()
        row.url, row.name, row.language, row.file_format = spec.url, spec.name[:255], spec.language, spec.file_format
        if spec.local_path and (row.checksum != spec.checksum or row.extraction_status != "done"):
            # A new or changed file: ingest extracts it (it skips rows whose checksum is unchanged and done).
            row.local_path, row.checksum, row.extraction_status = spec.local_path, spec.checksum, "pending"
        elif not spec.local_path and not row.local_path:
            row.extraction_status = row.extraction_status or "skipped"
        return row

    def _merge_files(self, page: RecordPage, specs: list[FileSpec]) -> list[Any]:
        """Keep rows (and their extracted text) whose url and language are unchanged."""
        current = {(row.url, row.language): row for row in page.files.all()}
        return [self._file_row(page, f, current.get((f.url, f.language))) for f in specs]
