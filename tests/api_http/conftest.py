"""Fixtures of the API's HTTP behaviour tests: a few published records, and the machine's Redis (db 5)."""

from __future__ import annotations

import os

import pytest

REDIS_URL = os.environ.get("CBD_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def records(make_notification, make_term):
    make_term("GBF-TARGET-03", "Conserve 30% of land, waters and seas")
    return {"070": make_notification("2024-070", "Peer review of national biodiversity strategies",
                                     gbf_targets=["GBF-TARGET-03"])}


@pytest.fixture
def redis_cache(settings):
    """The shared cache on the machine's Redis, as production runs it. Skipped only when no Redis answers."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    client.flushdb()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    yield client
    client.flushdb()
