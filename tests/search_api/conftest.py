"""Fixtures of the search API tests: a JSON client for /api/search/ and a switchable engine outage."""

from __future__ import annotations

import sys
import types
from types import SimpleNamespace

import pytest
from django.db import connection


def _ensure_root() -> None:
    """A transactional test flushes every table, Wagtail's root page included; put it back."""
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Bootstrap the site once per session: tests inside a transaction then find it ready (bootstrap is
    idempotent), instead of paying for six locales of section pages in every test."""
    from cms.core.site import bootstrap_site

    with django_db_blocker.unblock():
        bootstrap_site()


@pytest.fixture
def site(db, isolated_indexes, monkeypatch):
    """The bootstrapped site. In a test wrapped in a transaction nothing ever commits, so the outbox's
    after-commit drain runs at once instead (what the eager default does right after a real commit)."""
    from cms.core.site import bootstrap_site

    if connection.in_atomic_block:
        monkeypatch.setattr("indexing.outbox.transaction", SimpleNamespace(on_commit=lambda fn, **_: fn()))
    _ensure_root()
    return bootstrap_site()


class EngineDown(Exception):
    """What a client library raises when the engine is unreachable."""


@pytest.fixture
def search(client):
    """GET /api/search/ with the given parameters; returns (status, body)."""

    def call(**params):
        response = client.get("/api/search/", params)
        return response.status_code, response.json()

    return call


@pytest.fixture
def outage(settings):
    """Make every index sink fail while `outage.down` is True (the failure mode of a real client: an
    exception from the call), leaving the real engine underneath untouched."""
    from search.sink import LexicalSink

    class Switch:
        down = False

    switch = Switch()

    class FlakySink(LexicalSink):
        def sync_pages(self, batch):
            if switch.down:
                raise EngineDown("connection refused")
            super().sync_pages(batch)

        def ping(self):
            if switch.down:
                raise EngineDown("connection refused")
            super().ping()

    # Every conftest is imported as a module named "conftest", so the sink is published under a module
    # name of its own for import_string to find, whichever conftest sys.modules holds at the time.
    module = types.ModuleType("search_api_outage_sinks")
    module.FlakySink = FlakySink
    sys.modules[module.__name__] = module
    settings.INDEX_SINKS = [f"{module.__name__}.FlakySink"]
    yield switch
    sys.modules.pop(module.__name__, None)
