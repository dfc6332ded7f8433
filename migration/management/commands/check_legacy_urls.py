"""manage.py check_legacy_urls [SOURCE_DIR ...] — request every legacy URL of the exports through Django's test
client and list those that would 404 (or do not lead to a live page)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.test import Client

from migration.legacy_urls import legacy_urls
from migration.runner.pipeline import DEFAULT_SOURCE


def check(client: Client, path: str) -> tuple[int, str]:
    """Status of the legacy URL and where its redirect leads ("" when it does not redirect)."""
    response = client.get(path, HTTP_HOST="localhost")
    if response.status_code not in (301, 302):
        return response.status_code, ""
    target = response["Location"]
    follow = client.get(target, HTTP_HOST="localhost")
    return response.status_code, f"{target} -> {follow.status_code}"


class Command(BaseCommand):
    help = "List legacy URLs that would 404 instead of redirecting to their record."

    def add_arguments(self, parser) -> None:
        parser.add_argument("sources", nargs="*", type=Path)
        parser.add_argument("--all", action="store_true", help="list every URL, not only the broken ones")

    def handle(self, *args, **options) -> None:
        client = Client()
        broken = total = 0
        seen: set[str] = set()
        for path, identifier in legacy_urls(options["sources"] or [DEFAULT_SOURCE]):
            if path in seen:
                continue
            seen.add(path)
            total += 1
            status, target = check(client, path)
            ok = status == 301 and target.endswith(("-> 200", "-> 302"))
            broken += not ok
            if options["all"] or not ok:
                self.stdout.write(f"{'ok ' if ok else 'BAD'} {status} {path} ({identifier}) {target}")
        self.stdout.write(f"{total} legacy URLs checked, {broken} would not reach their record")
