"""The production settings refuse to run unsafe, and read the environment with django-environ.

Each case starts a fresh interpreter with only the given environment (settings are read once per process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "k3J9v0-8qT2mZ7xR4wL6yB1nC5pH8dF0sG3aE7uV9iO2wQ5tY8rU1",
    "DJANGO_ALLOWED_HOSTS": "hub.example.org",
    "DATABASE_URL": "postgres://cbd@127.0.0.1:5432/cbd_prod_settings",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/5",
    "QDRANT_URL": "http://127.0.0.1:6401",
}
SHOW = ("from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in "
        "['DEBUG', 'ALLOWED_HOSTS', 'SEMANTIC_ENABLED', 'CORS_ALLOWED_ORIGINS', 'CORS_ALLOW_ALL_ORIGINS', "
        "'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'CELERY_TASK_ALWAYS_EAGER', 'TRUSTED_PROXIES', 'EMBEDDING_PRELOAD']} | "
        "{'DB': s.DATABASES['default']['ENGINE'], 'CACHE': s.CACHES['default']['BACKEND']}))")


def _run(env: dict[str, str], code: str = SHOW) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "PYTHONPATH", "HF_HUB_OFFLINE",
                                                         "TRANSFORMERS_OFFLINE", "CBD_VAR_DIR")}
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), base.get("PYTHONPATH")]))
    prelude = "import django; django.setup(); "
    args = [sys.executable, "-c", prelude + code]
    return subprocess.run(args, cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120)


def _settings(env: dict[str, str]) -> dict:
    result = _run(env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_configured_production_settings_load_safe_values():
    values = _settings(GOOD)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["hub.example.org"]  # no localhost, no testserver
    assert values["DB"] == "django.db.backends.postgresql"
    assert values["CACHE"].endswith("RedisCache")
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["TRUSTED_PROXIES"] == []
    assert values["EMBEDDING_PRELOAD"] is True
    # Unset: the read-only API is open data, readable from any origin (no credentials).
    assert values["CORS_ALLOWED_ORIGINS"] == [] and values["CORS_ALLOW_ALL_ORIGINS"] is True


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("yes", True), ("false", False), ("0", False)])
def test_booleans_read_like_people_write_them(raw, expected):
    assert _settings({**GOOD, "SEMANTIC_ENABLED": raw})["SEMANTIC_ENABLED"] is expected


def test_lists_are_comma_separated():
    values = _settings({**GOOD, "DJANGO_ALLOWED_HOSTS": "hub.example.org,www.hub.example.org",
                        "CORS_ALLOWED_ORIGINS": "https://www.cbd.int,https://partner.example.org",
                        "TRUSTED_PROXIES": "10.0.0.0/8,127.0.0.1"})
    assert values["ALLOWED_HOSTS"] == ["hub.example.org", "www.hub.example.org"]
    assert values["CORS_ALLOWED_ORIGINS"] == ["https://www.cbd.int", "https://partner.example.org"]
    assert values["CORS_ALLOW_ALL_ORIGINS"] is False  # set: only those origins
    assert values["TRUSTED_PROXIES"] == ["10.0.0.0/8", "127.0.0.1"]


@pytest.mark.parametrize(("change", "message"), [
    ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_SECRET_KEY": "change-me"}, "placeholder"),
    ({"DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me"}, "placeholder"),
    ({"DJANGO_SECRET_KEY": "short-but-not-a-placeholder"}, "too short"),
    ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
    ({"QDRANT_URL": None}, "QDRANT_URL"),
    ({"DATABASE_URL": None}, "DATABASE_URL"),
    ({"CELERY_BROKER_URL": None}, "CELERY_BROKER_URL"),
])
def test_production_refuses_to_start_unsafe(change, message):
    env = {**GOOD, **{k: v for k, v in change.items() if v is not None}}
    for key in [k for k, v in change.items() if v is None]:
        env.pop(key)
    result = _run(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr, result.stderr[-1500:]


def test_wsgi_and_celery_default_to_production():
    env = {k: v for k, v in GOOD.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import cms.celery, os; print(os.environ['DJANGO_SETTINGS_MODULE'])"],
        cwd=ROOT, env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True,
        timeout=120)
    assert result.stdout.strip() == "cms.settings.production", result.stderr[-1500:]
    unconfigured = subprocess.run([sys.executable, "-c", "import cms.wsgi"], cwd=ROOT,
                                  env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT)}, capture_output=True,
                                  text=True, timeout=120)
    assert unconfigured.returncode != 0 and "DJANGO_SECRET_KEY" in unconfigured.stderr  # no silent DEBUG


def test_check_deploy_is_clean():
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", **GOOD},
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "no issues" in result.stdout
