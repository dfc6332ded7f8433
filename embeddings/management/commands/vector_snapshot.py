"""manage.py vector_snapshot export|restore|upload: seed a Qdrant server (or another machine) with the vectors
built here, without embedding again. The archive is a Qdrant shard snapshot; <file>.json beside it records the
model the vectors came from."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from embeddings import snapshot
from embeddings.collection import StoreLockedError


class Command(BaseCommand):
    help = ("export FILE: the embedded collection (or, with QDRANT_URL, the vector service's or server's) as a "
            "shard snapshot. restore FILE: into the embedded store at QDRANT_PATH. upload FILE --url URL: into a "
            "Qdrant server collection (created from the project's collection definition).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "restore", "upload"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--url", help="upload: the Qdrant server (default QDRANT_URL)")
        parser.add_argument("--api-key", help="upload/export: the server's API key (default QDRANT_API_KEY)")
        parser.add_argument("--replace", action="store_true", help="restore: overwrite an existing collection")

    def handle(self, *args, action: str, file: Path, url: str | None, api_key: str | None, replace: bool,
               **options):
        name = settings.QDRANT_COLLECTION
        api_key = api_key or settings.QDRANT_API_KEY or None
        try:
            if action == "export":
                info = self._export(file, name, api_key)
                self.stdout.write(self.style.SUCCESS(f"exported {name} to {file} ({info['collection_metadata']})"))
            elif action == "restore":
                points = snapshot.restore_edge(file, settings.QDRANT_PATH, name, replace=replace)
                self.stdout.write(self.style.SUCCESS(f"restored {points} points into {settings.QDRANT_PATH}/{name}"))
            else:
                target = url or settings.QDRANT_URL
                if not target:
                    raise CommandError("upload needs --url or QDRANT_URL (the Qdrant server to seed)")
                snapshot.upload(file, target, name, api_key=api_key)
                self.stdout.write(self.style.SUCCESS(f"uploaded {file} into {target} collection {name}"))
        except (StoreLockedError, FileNotFoundError, FileExistsError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    @staticmethod
    def _export(file: Path, name: str, api_key: str | None) -> dict:
        if settings.QDRANT_URL:  # the vector service (or a server) owns the vectors: it streams the snapshot
            return snapshot.download(settings.QDRANT_URL, name, file, api_key=api_key)
        from embeddings.edge_backend import EdgeBackend

        backend = EdgeBackend(settings.QDRANT_PATH, name)
        try:
            return snapshot.export_edge(backend, file)
        finally:
            backend.close()
