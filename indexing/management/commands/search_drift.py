"""manage.py search_drift [--repair]: where each index disagrees with what is published."""

from django.core.management.base import BaseCommand, CommandError

from indexing.maintenance import drift_all, save_drift

SHOWN = 10


class Command(BaseCommand):
    help = ("Compare every index (search engine, vector store) with the published records: missing, stale and "
            "orphaned entries; --repair sends the differing pages again, then checks once more.")

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Resend the pages that differ, then check again.")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, batch_size: int = 200, repair: bool = False, **options):
        reports = drift_all(max(1, batch_size), repair_first=repair)
        save_drift(reports, repaired=repair)  # the editors' dashboard shows the last result
        for report in reports:
            self.stdout.write(f"[{report.sink}] expected {report.expected}, indexed {report.indexed}; "
                              f"missing {len(report.missing)}, stale {len(report.stale)}, "
                              f"orphans {len(report.orphans)}")
            for label, ids in (("missing", report.missing), ("stale", report.stale), ("orphan", report.orphans)):
                for entry in ids[:SHOWN]:
                    self.stdout.write(f"  {label}: {entry}")
        total = sum(report.total for report in reports)
        if total:
            raise CommandError(f"the indexes differ from the published records in {total} entries")
