"""manage.py vector_service: own the Qdrant Edge store (QDRANT_PATH) and answer Qdrant's REST API for the
other processes (gunicorn workers, Celery worker, commands), which set QDRANT_URL=http://<bind>."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication

from embeddings.service import VectorService, wsgi_app


class ServiceApplication(BaseApplication):
    """gunicorn serving the service: ONE worker process (the shard's owner), threads for concurrent requests."""

    def __init__(self, service: VectorService, options: dict[str, Any]) -> None:
        self.service, self.options = service, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return wsgi_app(self.service)


class Command(BaseCommand):
    help = ("Serve the embedded vector store (Qdrant Edge at QDRANT_PATH) over Qdrant's REST API, so several "
            "processes can use it: point them at it with QDRANT_URL.")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:6333",
                            help="host:port to listen on (default 127.0.0.1:6333, loopback only)")
        parser.add_argument("--threads", type=int, default=8, help="concurrent requests (default 8)")

    def handle(self, *args, bind: str, threads: int, **options):
        service = VectorService(settings.QDRANT_PATH)

        def post_worker_init(worker) -> None:  # in the worker, the shard's owner: keep the graph up to date
            service.start_monitor()

        def worker_exit(server, worker) -> None:
            service.close()  # flush and release the folder

        self.stdout.write(f"vector service: {settings.QDRANT_PATH} on http://{bind} "
                          f"(set QDRANT_URL=http://{bind} in the other processes)")
        ServiceApplication(service, {
            "bind": bind, "workers": 1, "worker_class": "gthread", "threads": max(1, threads),
            # The graph is rebuilt in a child process, but loading a shard still takes the GIL for a moment.
            "timeout": 120, "graceful_timeout": 30, "keepalive": 30, "accesslog": None,
            "post_worker_init": post_worker_init, "worker_exit": worker_exit,
        }).run()
