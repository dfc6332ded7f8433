"""manage.py reindex: rebuild every index (lexical engine and other sinks) from the published records."""

from django.core.management.base import BaseCommand

from search.maintenance import reindex


class Command(BaseCommand):
    help = "Clear the search indexes and index every public record again, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--quiet-progress", action="store_true", help="Only print the summary.")

    def handle(self, *args, batch_size: int = 200, quiet_progress: bool = False, **options):
        progress = None if quiet_progress else (lambda line: self.stdout.write(f"  {line}"))
        report = reindex(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"reindexed {report.pages} pages ({report.documents} documents) in {report.seconds} s"))
