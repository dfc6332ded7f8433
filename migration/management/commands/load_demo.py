"""The default setup's main job: database, site, the real CBD data, indexes, and an admin login."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from cms.core.site import bootstrap_site
from migration.demo import ensure_decision_15_4


class Command(BaseCommand):
    help = "Migrate the database, bootstrap the site, import the bundled CBD data, build the indexes."

    def add_arguments(self, parser):
        parser.add_argument("--skip-indexes", action="store_true", help="Leave search and vector indexes alone.")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            # Production settings: a known login (admin / cbd-demo-admin) must never exist on a public server.
            raise CommandError("load_demo is refused under these settings (DEMO_DATA_ALLOWED is off: production). "
                               "Import the CBD data with `manage.py migrate_legacy` and create logins with "
                               "`manage.py createsuperuser`.")
        commands = get_commands()
        call_command("migrate", interactive=False, verbosity=0)
        bootstrap_site()
        self.stdout.write("Site, locales, roles and workflow ready.")
        # Every page written is queued for indexing in its own transaction; the import drains the queue once at
        # its end, in batches (with --skip-indexes the queue stays pending for `manage.py drain_outbox`).
        if "migrate_legacy" in commands:
            extra = ["--no-reindex"] if options["skip_indexes"] else []
            call_command("migrate_legacy", *extra, stdout=self.stdout)
        ensure_decision_15_4()
        self._ensure_admin()

    def _ensure_admin(self):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "cbd-demo-admin")
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, f"{username}@example.org", password)
            self.stdout.write(f"Admin user created: {username} / {password} (demo only; change it).")
