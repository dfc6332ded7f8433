"""Production: PostgreSQL, Redis (broker, cache, rate limits), Celery worker and beat, a shared vector service.

Everything comes from the environment (README, "Production"). The settings refuse to load rather than run unsafe:
no secret key or a placeholder one, no ALLOWED_HOSTS, no DATABASE_URL, no shared vector service (QDRANT_URL), no
Redis. `manage.py check --deploy` is clean with the defaults below (make prod-check prints it).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False

# Placeholders shipped in examples, and anything this short, are refused: sessions and password resets are
# signed with this key.
PLACEHOLDER_KEYS = ("change-me", "changeme", "dev-only-insecure-key-change-me", "secret", "insecure")
MIN_SECRET_KEY_LENGTH = 50  # Django's own deploy check (security.W009)


def _secret_key() -> str:
    key = env.str("DJANGO_SECRET_KEY", default="")
    lowered = key.lower()
    if not key or lowered in PLACEHOLDER_KEYS or "change-me" in lowered or "insecure" in lowered:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is missing or a placeholder: set a random key of 50 "
                                   "characters (python -c 'import secrets; print(secrets.token_urlsafe(50))').")
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is too short or too simple: at least "
                                   f"{MIN_SECRET_KEY_LENGTH} random characters.")
    return key


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set under the production settings (README, 'Production').")
    return value


SECRET_KEY = _secret_key()
# Only the hosts the deployment names: no localhost or testserver by default.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the public host(s), comma-separated.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

_required("DATABASE_URL")  # base.py parsed it; SQLite under several processes is not a production database
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Celery on Redis; tasks never run inside a web request.
CELERY_BROKER_URL = _required("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
# One cache for every process (rate limits, the index probe flag, labels).
CACHES = {"default": env.cache_url("CACHE_URL", default=CELERY_BROKER_URL)}
if not CACHES["default"]["BACKEND"].endswith("RedisCache"):
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL: rate limits and locks are shared by every process.")

# An embedded vector folder can be opened by one process only; gunicorn workers and the Celery worker must share
# one vector service (manage.py vector_service) or a Qdrant server.
QDRANT_URL = _required("QDRANT_URL")
# Load the embedding model when a process starts (gunicorn post_fork, Celery worker_process_init), not on the
# first question (cms/gunicorn.conf.py, cms/celery.py).
EMBEDDING_PRELOAD = env.bool("EMBEDDING_PRELOAD", default=True)

# Demo credentials are refused (migration/management/commands/load_demo.py reads this).
DEMO_DATA_ALLOWED = False

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# HTTPS: the TLS proxy in front sets X-Forwarded-Proto, believed only from TRUSTED_PROXIES (cms/core/proxies.py).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP inside the host
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The header alone enrols nothing: a site is preloaded only when its owner submits it to the browsers' list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own frame (xframe_options_sameorigin)

LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="INFO")  # noqa: F405
