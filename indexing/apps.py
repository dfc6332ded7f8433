from django.apps import AppConfig


class IndexingConfig(AppConfig):
    name = "indexing"
    verbose_name = "Indexing: the publishing lifecycle"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.api.http import register_state
        from indexing import signals  # noqa: F401  (connects the publishing lifecycle)
        from indexing.outbox import publish_generation

        # Every publish, unpublish or index sync moves this on: the API's ETags and Last-Modified follow it.
        register_state("outbox", publish_generation)
