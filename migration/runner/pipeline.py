"""The migration run: read -> map -> link -> validate -> upsert (batches: a transaction per batch, a savepoint
per record, see batch) -> report.

Idempotent: a record whose mapped checksum equals the page's source_checksum is left alone, so a second run
creates and changes nothing. Resumable: `resume=True` continues the last unfinished run, skipping records it
already settled; anything re-processed is harmless because of the checksum check."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from tqdm import tqdm
from wagtail.models import Locale

from cms.core.models import RecordPage
from indexing.outbox import bulk_work
from migration.mapping.common import fit_title
from migration.mapping.schema import check_record
from migration.mapping.terms import map_subject
from migration.readers.sources import MAPPERS, read_all
from migration.runner.batch import BatchWriter, Pending
from migration.runner.files import attach_local_files
from migration.runner.links import LinkIndex, build_link_index
from migration.runner.report import Report
from migration.runner.state import Outcome, RecordResult, RunState
from migration.runner.validate import validate_spec
from migration.runner.wagtail_indexes import SuspendedEvents, deferred_wagtail_indexes
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
    batch_size: int = 500  # records per transaction; an interruption loses at most one batch (resume redoes it)
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
        index_now = self.options.reindex and not self.options.dry_run
        with bulk_work(drain_at_end=index_now), deferred_wagtail_indexes(update=index_now) as events, \
                tqdm(total=total, disable=not self.options.progress, unit="rec", desc="migrating") as bar:
            batch = BatchWriter(self.writer, state, self.locales, self.options.batch_size,
                                on_written=lambda pending, page: self._written(pending, page, events))
            for item in self._all_items():
                if item.key in state.done:
                    bar.update(1)
                    continue
                if self.options.limit is not None and processed >= self.options.limit:
                    complete = False
                    break
                result = self._process(item, state, batch)
                processed += item.kind != "subject"  # --limit counts legacy records, not derived terms
                bar.update(1)
                if self.options.after_record:
                    self.options.after_record(result)
            batch.flush()
            state.flush()
        if processed and not self.options.dry_run:
            refresh_planner_statistics()
        report = Report(state.run.pk if state.run else None, self.options.dry_run, complete, state.results())
        report.seconds = time.monotonic() - started
        report.extra["processed_this_invocation"] = processed
        state.finish(complete, report.summary())
        return report

    def _all_items(self) -> Iterator[LegacyItem]:
        yield from self._subject_items()
        yield from self._legacy_items()

    def _process(self, item: LegacyItem, state: RunState, batch: BatchWriter) -> RecordResult:
        """Map and check one record; a record to write joins the batch (its outcome is set when it is written)."""
        result = RecordResult(key=item.key, kind=item.kind)
        try:
            spec = self._prepare(item, result)
            checksum = spec.checksum()
        except Exception as exc:  # one bad record fails alone: its neighbours in the batch still land
            result.reason = str(exc) if isinstance(exc, MappingError) else \
                f"unreadable record ({type(exc).__name__}: {ascii(str(exc))[1:-1]})"
            state.save_later(result)
            return result
        existing = self.existing.get(spec.identifier)
        if existing and existing.checksum == checksum:
            result.outcome, result.page_id = Outcome.UNCHANGED, existing.page_id
            state.save_later(result)
            return result
        if self.options.dry_run:
            result.outcome = Outcome.UPDATED if existing else Outcome.CREATED
            state.save_later(result)
            return result
        batch.add(Pending(spec, checksum, result, existing.page_id if existing else None,
                          existing.content_type_id if existing else 0))
        return result

    def _written(self, pending: Pending, page: RecordPage, events: SuspendedEvents) -> None:
        events.touched(page.pk)
        self.existing[pending.spec.identifier] = Existing(page.pk, pending.checksum, pending.content_type_id)

    def _prepare(self, item: LegacyItem, result: RecordResult) -> RecordSpec:
        if item.error:
            raise MappingError(item.error)
        check_record(item.kind, item.data or {})
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
        self.links.rekey_colliding_indicator(item, spec)
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


def refresh_planner_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still holds the row counts of before it until autovacuum analyses
    the tables; with a few dozen pages estimated where there are thousands, the public-visibility rule was planned
    as a nested loop (bench/bench_restrictions.py: 1.5 s instead of 22 ms per API listing). SQLite has no such
    statistics to refresh."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def migrate_legacy(options: Options | None = None) -> Report:
    return Runner(options or Options()).run()
