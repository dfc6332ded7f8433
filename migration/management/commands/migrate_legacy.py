"""manage.py migrate_legacy [SOURCE_DIR ...] [--dry-run] [--only TYPE] [--limit N] [--files DIR] [--report PATH]
[--resume] — bring the legacy exports into the CMS (default source: the bundled migration/data)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migration.readers.sources import KINDS
from migration.runner.pipeline import DEFAULT_SOURCE, Options, migrate_legacy


class Command(BaseCommand):
    help = "Migrate the legacy repository's exports into the CMS (idempotent, resumable, reported)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("sources", nargs="*", type=Path, help=f"source directories (default {DEFAULT_SOURCE})")
        parser.add_argument("--dry-run", action="store_true", help="map and check everything, write nothing")
        parser.add_argument("--only", action="append", choices=KINDS, metavar="TYPE",
                            help=f"only this record type (repeatable): {', '.join(KINDS)}")
        parser.add_argument("--limit", type=int, help="stop after N legacy records (continue later with --resume)")
        parser.add_argument("--files", type=Path, help="directory laid out like the legacy /doc/ tree")
        parser.add_argument("--report", type=Path, help="write the per-record JSON report here")
        parser.add_argument("--resume", action="store_true", help="continue the last unfinished run")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--batch-size", type=int, default=500,
                            help="records per transaction (an interruption loses at most one batch; default 500)")
        parser.add_argument("--no-reindex", action="store_true",
                            help="queue the written pages for indexing but leave the queue for `drain_outbox`")

    def handle(self, *args, **options) -> None:
        sources = options["sources"] or [DEFAULT_SOURCE]
        for source in sources:
            if not source.is_dir():
                raise CommandError(f"source directory not found: {source}")
        if options["files"] and not options["files"].is_dir():
            raise CommandError(f"--files directory not found: {options['files']}")
        report = migrate_legacy(Options(
            sources=sources, dry_run=options["dry_run"], only=set(options["only"]) if options["only"] else None,
            limit=options["limit"], files_dir=options["files"], resume=options["resume"],
            progress=not options["no_progress"] and options["verbosity"] > 0, reindex=not options["no_reindex"],
            batch_size=options["batch_size"],
        ))
        if options["report"]:
            report.write(options["report"])
        if options["verbosity"] > 0:
            self.stdout.write(report.text())
