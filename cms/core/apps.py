from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Core: records, provenance, lifecycle"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the publishing lifecycle)
