"""manage.py drain_outbox: send every pending index update now (after an engine outage, from cron, at the end
of a bulk load)."""

from django.core.management.base import BaseCommand, CommandError

from indexing.outbox import drain, pending_count


class Command(BaseCommand):
    help = "Send pending index updates from the outbox to every index sink (failed ones at once, too)."

    def add_arguments(self, parser):
        parser.add_argument("--respect-backoff", action="store_true",
                            help="Only send entries whose retry time has come (what the periodic task does).")

    def handle(self, *args, respect_backoff: bool = False, **options):
        report = drain(ignore_backoff=not respect_backoff)
        if report.busy:
            self.stdout.write("another drain is running; it sends what is pending")
            return
        left = pending_count()
        self.stdout.write(f"synced {report.synced} pages, {report.failed} failed, {left} entries still pending")
        for page_id, error in list(report.errors.items())[:20]:
            self.stderr.write(f"  page {page_id}: {error}")
        if report.failed:
            raise CommandError(f"{report.failed} pages could not be sent; they stay pending")
