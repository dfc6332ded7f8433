from django.apps import AppConfig


class LinkedConfig(AppConfig):
    """Persistent identifiers and linked records: alternative identifiers, the /id/ URIs, reference records of
    decisions the hub does not hold, decision tracking, schema.org JSON-LD and citations."""

    name = "cms.linked"
    label = "linked"
    verbose_name = "Linked records"

    def ready(self) -> None:
        from cms.api.openapi import register_paths
        from cms.linked.openapi import paths

        register_paths("linked", paths)
