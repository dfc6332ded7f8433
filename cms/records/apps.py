from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "cms.records"
    label = "records"
    verbose_name = "CBD records"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (queues text extraction of attached files)
