"""Fixtures of the semantic integration tests: the real small model and a real Qdrant Edge shard per test."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

DATA = Path(__file__).resolve().parents[2] / "migration" / "data"


def _ensure_root() -> None:
    """A transactional test flushes every table, Wagtail's root page included; put it back."""
    from wagtail.models import Locale, Page

    if not Page.objects.filter(depth=1).exists():
        locale, _ = Locale.objects.get_or_create(language_code="en")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture(scope="session", autouse=True)
def _model_loaded_once():
    """Load the model once for the session (the embedder caches it per process)."""
    from embeddings.embedder import DEV_MODEL, load_model

    load_model(DEV_MODEL)


@pytest.fixture
def site(db, isolated_indexes, monkeypatch, settings):
    """The bootstrapped site with both sinks. Inside a test transaction nothing commits, so the outbox's
    after-commit drain runs at once (what the eager default does right after a real commit)."""
    from cms.core.site import bootstrap_site

    settings.INDEX_SINKS = ["search.sink.LexicalSink", "embeddings.sync.VectorSink"]
    if connection.in_atomic_block:
        monkeypatch.setattr("indexing.outbox.transaction", SimpleNamespace(on_commit=lambda fn, **_: fn()))
    _ensure_root()
    yield bootstrap_site()
    from embeddings import runtime

    runtime.get_store().close()  # the folder's ownership ends with the test


@pytest.fixture
def vectors():
    """Read the test's vector store: passages per identifier / language."""
    from embeddings import runtime

    class Reader:
        def count(self, **filters) -> int:
            return runtime.get_store().count({k: [v] for k, v in filters.items()})

        def payloads(self, **filters) -> list[dict]:
            flt = {k: [v] for k, v in filters.items()}
            return [dict(p) for p in runtime.get_store().payloads(flt, ["passage_id", "language", "title", "text",
                                                                        "unit"])]

    return Reader()


def _notifications() -> list[dict]:
    return json.loads((DATA / "notifications.json").read_text(encoding="utf-8"))


@pytest.fixture
def real_notifications(make_notification):
    """Notifications as the migration has them (symbol, English title, date) for the given title filter."""
    import datetime as dt

    created: set[str] = set()

    def create(predicate, limit: int | None = None) -> list[str]:
        made = []
        for row in _notifications():
            if row["symbol"] in created:
                continue
            if predicate(row["titleEn"] or "") and (limit is None or len(made) < limit):
                created.add(row["symbol"])
                make_notification(row["symbol"], title=row["titleEn"][:255],
                                  date=dt.date.fromisoformat(row["date"][:10]))
                made.append(row["symbol"])
        return made

    return create


@pytest.fixture
def gbf_targets(make_term):
    """The 23 GBF targets with their official text (migration/data/gbf-targets.json)."""
    rows = json.loads((DATA / "gbf-targets.json").read_text(encoding="utf-8"))
    for row in rows:
        make_term(row["identifier"], (row.get("shortTitle") or {}).get("en") or row["name"],
                  description=row.get("description") or "")
    return [r["identifier"] for r in rows]
