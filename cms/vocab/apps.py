from django.apps import AppConfig


class VocabConfig(AppConfig):
    """The CMS's controlled vocabularies (GBF, Aichi targets, CBD subjects) as SKOS concept schemes."""

    name = "cms.vocab"
    label = "vocab"
    verbose_name = "SKOS vocabularies"

    def ready(self) -> None:
        from cms.api.openapi import register_paths
        from cms.vocab.openapi import paths

        register_paths("vocab", paths)
