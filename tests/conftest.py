"""Shared fixtures: a bootstrapped site (six locales, sections, roles, workflow) and record factories.

Each test that touches the database gets a fresh search index folder, so index state never leaks between tests."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_counter = itertools.count(1)


@pytest.fixture
def isolated_indexes(settings, tmp_path):
    """Point the search index and vector store at empty folders for this test."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.QDRANT_PATH = tmp_path / "qdrant"
    from search.engines import reset_engine

    reset_engine()
    try:
        from embeddings.runtime import reset_runtime
    except ImportError:
        reset_runtime = None
    if reset_runtime:
        reset_runtime()
    yield tmp_path
    reset_engine()
    if reset_runtime:
        reset_runtime()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Bootstrap the site once into the test database; transactional tests that flush it re-bootstrap."""
    from cms.core.site import bootstrap_site

    with django_db_blocker.unblock():
        bootstrap_site()


@pytest.fixture(autouse=True)
def _no_query_log_after_the_test():
    """The search query log writes from a timer thread a few seconds later; a test's searches must not be written
    into the next test's database (or, after the session, into a database that no longer exists)."""
    yield
    import sys

    if "search.query_log" in sys.modules:  # only tests that searched loaded it
        sys.modules["search.query_log"].query_log.discard()


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _site_skeleton(request):
    """Every database test starts with the site skeleton. A transactional test flushes every table after it ran,
    Wagtail's tree root included; the next test would otherwise find no root, locale or site."""
    if request.node.get_closest_marker("django_db") is None and not DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from wagtail.models import Collection

    from cms.core.models import HomePage

    if Collection.get_first_root_node() is None:  # documents need the root collection the migrations made
        Collection.add_root(name="Root")

    if not HomePage.objects.exists():
        from cms.core.site import bootstrap_site

        bootstrap_site()


@pytest.fixture
def site(db, isolated_indexes):
    from cms.core.site import bootstrap_site

    return bootstrap_site()


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def make_notification(site):
    from cms.records.models import NotificationPage

    def factory(identifier: str | None = None, title: str = "Call for proposals on biodiversity", **fields):
        identifier = identifier or f"2099-{next(_counter):03d}"
        fields.setdefault("date", dt.date(2024, 3, 1))
        page = NotificationPage(title=title, slug=identifier.lower(), identifier=identifier, **fields)
        return _publish(site["notifications"], page)

    return factory


@pytest.fixture
def make_term(site):
    from cms.taxonomy.models import TermPage

    def factory(identifier: str, title: str, scheme: str = "gbf-target", **fields):
        section = {"aichi-target": "aichi", "aichi-goal": "aichi", "subject": "subjects"}.get(scheme, "gbf")
        page = TermPage(
            title=title, slug=identifier.lower().replace(".", "-"), identifier=identifier, scheme=scheme, **fields
        )
        return _publish(site[section], page)

    return factory


@pytest.fixture
def make_decision(site):
    from cms.records.models import DecisionPage

    def factory(
        session: int = 15,
        number: int = 4,
        title: str = "Kunming-Montreal Global Biodiversity Framework",
        body: list | None = None,
        **fields,
    ):
        from identifiers import official_symbol

        identifier = official_symbol(fields.pop("body_code", "COP"), session, number)
        page = DecisionPage(
            title=title,
            slug=identifier.lower().replace("/", "-"),
            identifier=identifier,
            session=session,
            number=number,
            body=body or [],
            **fields,
        )
        return _publish(site["decisions"], page)

    return factory


# Real worker processes (tests/worker_processes.py). A module that needs its own Redis database overrides
# `broker_url`; every test on Redis starts and ends with that database empty.
@pytest.fixture
def broker_url() -> str:
    import os

    return os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_broker(broker_url):
    import redis

    client = redis.Redis.from_url(broker_url)
    client.ping()  # .ci/run starts Redis; an unreachable broker fails here, with the connection error
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def celery_on_redis(redis_broker, broker_url):
    from worker_processes import tasks_sent_to

    with tasks_sent_to(broker_url) as app:
        yield app
