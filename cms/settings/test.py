"""Tests: fast hashing, local-memory cache, in-process tasks, indexes in a temporary folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
DEMO_DATA_ALLOWED = True
# Django's test client logs in without a request, which django-axes refuses; the throttling tests turn it on.
AXES_ENABLED = False
# Rate limits are tested by tests/api_http with their own small limits.
API_RATE_LIMITS = {"search": 0, "ask": 0}
_TMP = Path(os.environ.get("CBD_TEST_VAR_DIR") or tempfile.mkdtemp(prefix="cbd-test-"))
SEARCH_INDEX_DIR = _TMP / "search-index"
QDRANT_PATH = _TMP / "qdrant"
MEDIA_ROOT = _TMP / "media"
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_TMP / "test.sqlite3")}}

# Wagtail's own search-index and reference-index tasks run on every save; tests exercise our indexes instead,
# so Wagtail's background tasks are recorded, not run (6x faster site bootstrap).
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

# Playwright's sync API keeps an asyncio loop running in the test thread for the whole browser session; Django
# would then refuse every ORM call in later tests as "async context". The tests are synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
