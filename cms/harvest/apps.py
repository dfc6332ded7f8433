from django.apps import AppConfig


class HarvestConfig(AppConfig):
    """Harvesting by partners: OAI-PMH 2.0 (Dublin Core, sets, tombstones) and the JSON changes feed, both read
    from the published records and the change log the lifecycle signals write (cms.harvest.signals)."""

    name = "cms.harvest"
    label = "harvest"
    verbose_name = "Harvesting (OAI-PMH, changes feed)"

    def ready(self) -> None:
        from cms.api.openapi import register_paths
        from cms.harvest import signals  # noqa: F401  (connects the change log to the lifecycle)
        from cms.harvest.openapi import paths

        register_paths("harvest", paths)
