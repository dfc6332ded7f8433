"""One migration of the bundled exports per test session, committed into the test database before any test runs;
each test then works inside its own rolled-back transaction on top of it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from migration.runner.pipeline import Options, migrate_legacy


@pytest.fixture(scope="session")
def full_run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)
        first = migrate_legacy(Options(reindex=False))
        second = migrate_legacy(Options(reindex=False))
    return first, second
