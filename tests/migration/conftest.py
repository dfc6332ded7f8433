"""One migration of the bundled exports per test module, committed into the test database before the module's
tests run; each test then works inside its own rolled-back transaction on top of it. Afterwards the migrated
records, their redirects and the run state are removed, so other suites start from the bare site skeleton."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from migration.runner.pipeline import Options, migrate_legacy


def _remove_migrated_data() -> None:
    from wagtail.contrib.redirects.models import Redirect

    from cms.core.models import RecordPage
    from indexing.models import IndexOutbox
    from migration import models as run_models

    RecordPage.objects.all().delete()
    Redirect.objects.all().delete()
    IndexOutbox.objects.all().delete()
    for model in (getattr(run_models, name) for name in dir(run_models)):
        if isinstance(model, type) and getattr(model, "_meta", None) and model.__module__ == run_models.__name__:
            model.objects.all().delete()


@pytest.fixture(scope="module")
def full_run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)
        first = migrate_legacy(Options(reindex=False))
        second = migrate_legacy(Options(reindex=False))
    yield first, second
    with django_db_blocker.unblock():
        _remove_migrated_data()


@pytest.fixture(scope="module")
def site_only(django_db_setup, django_db_blocker):
    """The site skeleton only, for tests whose records need no other record (a full import costs minutes)."""
    with django_db_blocker.unblock():
        call_command("bootstrap_site", verbosity=0)
    yield
    with django_db_blocker.unblock():
        _remove_migrated_data()
