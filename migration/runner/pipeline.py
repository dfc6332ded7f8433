"""The migration run: read -> map -> link -> validate -> upsert (one transaction per record) -> report.

Idempotent: a record whose mapped checksum equals the page's source_checksum is left alone, so a second run
creates and changes nothing. Resumable: `resume=True` continues the last unfinished run, skipping records it
already settled; anything re-processed is harmless because of the checksum check."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Locale

from cms.core.models import RecordPage
from migration.mapping.common import fit_title
from migration.mapping.terms import map_subject
from migration.readers.sources import MAPPERS, read_all
from migration.runner.files import attach_local_files, hand_to_ingest
from migration.runner.index_events import suspend_index_events
from migration.runner.links import LinkIndex, build_link_index
from migration.runner.redirects import ensure_redirects
from migration.runner.report import Report
from migration.runner.state import Outcome, RecordResult, RunState
from migration.runner.translations import sync_translations
from migration.runner.validate import validate_spec
from migration.runner.writer import PageWriter
from migration.spec import LegacyItem, MappingError, RecordSpec

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Options:
    sources: list[Path] = field(default_factory=lambda: [DEFAULT_SOURCE])
    dry_run: bool = False
    only: set[str] | None = None
    limit: int | None = None
    files_dir: Path | None = None
    resume: bool = False
    progress: bool = False
    reindex: bool = True
    after_record: Callable[[RecordResult], None] | None = None  # test hook (e.g. simulate a crash)


@dataclass
class Existing:
    page_id: int
    checksum: str
    content_type_id: int


class Runner:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.locales = {loc.language_code: loc for loc in Locale.objects.all()}
        self.locale = self.locales[settings.LANGUAGE_CODE]
        self.writer = PageWriter(self.locale)
        self.existing: dict[str, Existing] = {}
        self.links = LinkIndex()

    # -- items ----------------------------------------------------------------------------------------------
    def _legacy_items(self) -> Iterator[LegacyItem]:
        only = self.options.only
        kinds = None if not only else only | ({"treaty-article"} if "treaty" in only else set())
        yield from read_all(self.options.sources, kinds - {"subject"} if kinds else None)

    def _subject_items(self) -> Iterator[LegacyItem]:
        for position, code in enumerate(sorted(self.links.subject_codes), start=1):
            yield LegacyItem("subject", "derived:subjects", position, data={"code": code})

    def _map(self, item: LegacyItem) -> RecordSpec:
        if item.kind == "subject":
            return map_subject(item.data["code"])
        return MAPPERS[item.kind](item.data)

    # -- run ------------------------------------------------------------------------------------------------
    def run(self) -> Report:
        started = time.monotonic()
        # Links come from all the exports, even with --only: a partial run must not drop a link whose other side
        # (e.g. the meeting listing a notification) is not being migrated this time.
        self.links = build_link_index(read_all(self.options.sources))
        self.existing = {
            ident: Existing(pk, checksum, ct)
            for ident, pk, checksum, ct in RecordPage.objects.filter(locale=self.locale).values_list(
                "identifier", "pk", "source_checksum", "content_type_id")
        }
        state = RunState.open(sources=[str(s) for s in self.options.sources],
                              options={"only": sorted(self.options.only or []), "limit": self.options.limit},
                              resume=self.options.resume, dry_run=self.options.dry_run)
        total = None if self.options.only else len(self.links.first_key) + len(self.links.subject_codes)
        processed, complete = 0, True
        with suspend_index_events(reindex=self.options.reindex and not self.options.dry_run) as events, \
                tqdm(total=total, disable=not self.options.progress, unit="rec", desc="migrating") as bar:
            for item in self._all_items():
                if item.key in state.done:
                    bar.update(1)
                    continue
                if self.options.limit is not None and processed >= self.options.limit:
                    complete = False
                    break
                result = self._process(item, state)
                if result.page_id and result.outcome in (Outcome.CREATED, Outcome.UPDATED):
                    events.touched(result.page_id)
                processed += item.kind != "subject"  # --limit counts legacy records, not derived terms
                bar.update(1)
                if self.options.after_record:
                    self.options.after_record(result)
            state.flush()
        report = Report(state.run.pk if state.run else None, self.options.dry_run, complete, state.results())
        report.seconds = time.monotonic() - started
        report.extra["processed_this_invocation"] = processed
        state.finish(complete, report.summary())
        return report

    def _all_items(self) -> Iterator[LegacyItem]:
        yield from self._subject_items()
        yield from self._legacy_items()

    def _process(self, item: LegacyItem, state: RunState) -> RecordResult:
        result = RecordResult(key=item.key, kind=item.kind)
        try:
            spec = self._prepare(item, result)
        except MappingError as exc:
            result.reason = str(exc)
            state.save_later(result)
            return result
        checksum = spec.checksum()
        existing = self.existing.get(spec.identifier)
        if existing and existing.checksum == checksum:
            result.outcome, result.page_id = Outcome.UNCHANGED, existing.page_id
            state.save_later(result)
            return result
        if self.options.dry_run:
            result.outcome = Outcome.UPDATED if existing else Outcome.CREATED
            state.save_later(result)
            return result
        try:
            with transaction.atomic():
                page = self._write(spec, checksum, existing, result)
                result.outcome = Outcome.UPDATED if existing else Outcome.CREATED
                result.page_id = page.pk
                state.save_now(result)
        except Exception as exc:  # one record's failure must not stop the run or touch another record
            self.writer.forget_positions()
            result.outcome, result.page_id = Outcome.FAILED, None
            result.reason = f"could not be saved ({type(exc).__name__}: {exc})"
            state.save_later(result)
            return result
        self.existing[spec.identifier] = Existing(page.pk, checksum, existing.content_type_id if existing else 0)
        return result

    def _prepare(self, item: LegacyItem, result: RecordResult) -> RecordSpec:
        if item.error:
            raise MappingError(item.error)
        try:
            spec = self._map(item)
        except MappingError:
            raise
        except Exception as exc:  # a shape the mapper did not expect: say what and where
            raise MappingError(f"unreadable record ({type(exc).__name__}: {exc})") from exc
        result.identifier = spec.identifier
        keep_in = "description" if spec.model == "taxonomy.TermPage" else "summary"
        spec.title = fit_title(spec.title, spec.fields, spec.warnings, keep_in)
        for language, values in spec.translations.items():
            if "title" in values:  # a translated title obeys the same limit (the full text has nowhere to go)
                values["title"] = fit_title(values["title"], {"summary": "-"}, spec.warnings, f"{language} summary")
        self.links.enrich(item, spec)
        attach_local_files(spec, self.options.files_dir)
        validate_spec(spec)
        first = self.links.duplicate_of(item, spec.identifier)
        if first:
            raise MappingError(f"duplicate identifier {spec.identifier}: already used by {first}; "
                               "give one of them its correct identifier")
        result.warnings = spec.warnings
        result.untranslated = spec.untranslated
        result.unresolved = [ref for ref in dict.fromkeys(spec.references) if not self._known(ref)]
        return spec

    def _known(self, identifier: str) -> bool:
        return identifier in self.links.first_key or identifier in self.existing \
            or identifier in self.links.subject_codes

    def _write(self, spec: RecordSpec, checksum: str, existing: Existing | None, result: RecordResult):
        now = timezone.now()
        if existing:
            expected = ContentType.objects.get_for_model(self._model(spec)).pk
            if existing.content_type_id and existing.content_type_id != expected:
                raise MappingError(f"identifier {spec.identifier} already belongs to a record of another type")
            page = self.writer.update(existing.page_id, spec, checksum, now)
        else:
            page = self.writer.create(spec, checksum, now)
        result.warnings = result.warnings + ensure_redirects(page, spec.legacy_urls)
        sync_translations(page, spec.translations, self.locales)
        if spec.files:
            hand_to_ingest(page, page.files.model._meta.label)
        return page

    @staticmethod
    def _model(spec: RecordSpec):
        from django.apps import apps

        return apps.get_model(spec.model)


def migrate_legacy(options: Options | None = None) -> Report:
    return Runner(options or Options()).run()
