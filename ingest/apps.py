from django.apps import AppConfig


class IngestConfig(AppConfig):
    """ingest is a Django app only so Celery autodiscovery finds ingest.tasks; it has no models."""

    name = "ingest"
    verbose_name = "Document text extraction"
