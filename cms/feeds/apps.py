from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """Atom feeds of the lists readers follow: new notifications, coming deadlines, a GBF target, a record type."""

    name = "cms.feeds"
    label = "feeds"
    verbose_name = "Atom feeds"

    def ready(self) -> None:
        from cms.api.openapi import register_paths
        from cms.feeds.openapi import paths

        register_paths("feeds", paths)
