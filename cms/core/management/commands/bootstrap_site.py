from django.core.management.base import BaseCommand

from cms.core.site import bootstrap_site


class Command(BaseCommand):
    help = "Create locales, the home and section pages in six languages, roles and the moderation workflow."

    def handle(self, *args, **options):
        sections = bootstrap_site()
        self.stdout.write(self.style.SUCCESS(f"Site ready: {len(sections)} sections in six languages."))
