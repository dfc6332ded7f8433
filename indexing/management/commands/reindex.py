"""manage.py reindex: rebuild every index (lexical engine and other sinks) from the published records."""

from django.core.management.base import BaseCommand

from indexing.maintenance import reindex


class Command(BaseCommand):
    help = ("Index every public record again, in batches, replacing each page's documents in place and removing "
            "those of records no longer public; search keeps answering meanwhile. --clear empties the indexes first.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--quiet-progress", action="store_true", help="Only print the summary.")
        parser.add_argument("--clear", action="store_true",
                            help="Empty every index before rebuilding (search is empty until the rebuild ends).")

    def handle(self, *args, batch_size: int = 200, quiet_progress: bool = False, clear: bool = False, **options):
        progress = None if quiet_progress else (lambda line: self.stdout.write(f"  {line}"))
        report = reindex(batch_size=max(1, batch_size), progress=progress, clear=clear)
        self.stdout.write(self.style.SUCCESS(
            f"reindexed {report.pages} pages ({report.documents} documents) in {report.seconds} s; "
            f"removed {report.removed} left over from records no longer public"))
