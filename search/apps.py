from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.api.openapi import register_paths
        from indexing.sinks import register_sink
        from search.api import openapi
        from search.sink import LexicalSink

        register_sink(LexicalSink.name, LexicalSink)
        register_paths("search", openapi.paths)
        from cms.api.http import register_state
        from search.results.promotions import promoted_queries

        register_state("picks", lambda: (promoted_queries.fingerprint(), None))
