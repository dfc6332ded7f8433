"""manage.py search_drift [--repair]: where the search index disagrees with what is published."""

from django.core.management.base import BaseCommand, CommandError

from search.maintenance import drift, repair
from search.sync import sinks

SHOWN = 10


class Command(BaseCommand):
    help = "Compare the search index with the published records (missing, stale, orphaned) and optionally repair."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Resend the pages that differ, then check again.")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size: int = 200, **options):
        report, expected = drift(batch_size)
        self._print(report)
        if options.get("repair") and report.total:
            pages = repair(report, expected, batch_size)
            report, _ = drift(batch_size)
            self.stdout.write(f"repaired: resent {pages} pages")
            self._print(report)
        total = report.total
        for sink in sinks():  # other sinks (the vector store) check themselves against the same records
            if hasattr(sink, "drift"):
                sink_report = sink.drift(batch_size, repair=bool(options.get("repair")))
                self.stdout.write(f"[{sink.name}]")
                self._print(sink_report)
                total += sink_report.total
        if total:
            raise CommandError(f"the indexes differ from the published records in {total} documents")

    def _print(self, report) -> None:
        self.stdout.write(f"expected {report.expected} documents, indexed {report.indexed}; "
                          f"missing {len(report.missing)}, stale {len(report.stale)}, orphans {len(report.orphans)}")
        for label, ids in (("missing", report.missing), ("stale", report.stale), ("orphan", report.orphans)):
            for doc_id in ids[:SHOWN]:
                self.stdout.write(f"  {label}: {doc_id}")
