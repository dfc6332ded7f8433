"""The default setup's main job: database, site, the real CBD data, indexes, and an admin login."""

import os

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from cms.core.demo import ensure_decision_15_4
from cms.core.site import bootstrap_site
from search.sync import deferred_drain


class Command(BaseCommand):
    help = "Migrate the database, bootstrap the site, import the bundled CBD data, build the indexes."

    def add_arguments(self, parser):
        parser.add_argument("--skip-indexes", action="store_true", help="Leave search and vector indexes alone.")

    def handle(self, *args, **options):
        commands = get_commands()
        call_command("migrate", interactive=False, verbosity=0)
        bootstrap_site()
        self.stdout.write("Site, locales, roles and workflow ready.")
        # The import records outbox events; one reindex afterwards answers them all in batches, far faster
        # than draining page by page in-process.
        with deferred_drain():
            if "migrate_legacy" in commands:
                call_command("migrate_legacy", stdout=self.stdout)
            ensure_decision_15_4()
        if not options["skip_indexes"]:
            call_command("reindex", stdout=self.stdout)
        self._ensure_admin()

    def _ensure_admin(self):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "cbd-demo-admin")
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, f"{username}@example.org", password)
            self.stdout.write(f"Admin user created: {username} / {password} (demo only; change it).")
