"""gunicorn settings of the web process: `gunicorn -c python:cms.gunicorn_conf cms.wsgi` (Procfile, compose).

Values come from the environment (README, "Production"): PORT, WEB_BIND_HOST, WEB_CONCURRENCY (workers,
gunicorn's own variable), WEB_THREADS, WEB_TIMEOUT, WEB_CERTFILE/WEB_KEYFILE, WEB_ACCESS_LOG. Each worker loads the
embedding model as it starts (cms.core.startup), so the first question does not wait 5-10 s for it.
"""

import os

bind = f"{os.environ.get('WEB_BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 (in a container)
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# The application decides which forwarded headers to believe (TRUSTED_PROXIES, cms/core/proxies.py); gunicorn
# must not turn X-Forwarded-Proto into wsgi.url_scheme on its own.
forwarded_allow_ips = ""
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
# TLS in gunicorn itself, when no proxy terminates it (make prod-check does this with a throw-away certificate).
certfile = os.environ.get("WEB_CERTFILE") or None
keyfile = os.environ.get("WEB_KEYFILE") or None


def post_worker_init(worker) -> None:
    """The WSGI application (and Django) is loaded in this worker: load the model now, not on the first request."""
    from cms.core.startup import warm_up

    took = warm_up()
    worker.log.info("worker %s warmed up: %s", worker.pid, took)
