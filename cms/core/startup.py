"""Work a server process does once when it starts, before its first request or task.

Capabilities register a warm-up here from their AppConfig.ready() (the CMS imports none of them); the servers call
`warm_up()` after forking: gunicorn's post_worker_init (cms/gunicorn_conf.py) and Celery's worker_process_init
(cms/celery.py). Commands such as migrate or collectstatic never call it, so they do not load a model.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)
_warmups: dict[str, Callable[[], None]] = {}


def register_warmup(name: str, warmup: Callable[[], None]) -> None:
    """Run `warmup` when a server process starts (idempotent per name)."""
    _warmups[name] = warmup


def warm_up() -> dict[str, float]:
    """Run every registered warm-up; returns the seconds each took. A failure is logged, never fatal: the
    process then loads lazily, as without a warm-up."""
    took: dict[str, float] = {}
    for name, warmup in _warmups.items():
        started = time.perf_counter()
        try:
            warmup()
        except Exception:
            logger.exception("start-up warm-up %s failed; it will load on first use", name)
            continue
        took[name] = round(time.perf_counter() - started, 2)
        logger.warning("warm-up %s done in %.2f s", name, took[name])
    return took
