"""The Celery application. Defaults to the production settings (a Redis broker from CELERY_BROKER_URL); the demo
and tests set their settings module explicitly and run tasks in-process (eager).

Queues (settings.CELERY_TASK_ROUTES): "index" (the outbox drain and its probe), "embed" (embedding work),
"ingest" (file extraction), "default". A worker process loads the embedding model as it starts, not on its first
task (cms.core.startup)."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _warm_up_pool_process(**_kwargs) -> None:
    """Each prefork child loads the model after the fork (a model loaded before it would be shared unsafely)."""
    from cms.core.startup import warm_up

    warm_up()


@worker_ready.connect
def _warm_up_in_process_pool(sender=None, **_kwargs) -> None:
    """Solo and thread pools run tasks in the worker process itself: warm it up there."""
    pool = getattr(getattr(sender, "pool", None), "__class__", type(None)).__module__
    if "prefork" not in pool:
        from cms.core.startup import warm_up

        warm_up()
