from django.apps import AppConfig


class EmbeddingsConfig(AppConfig):
    name = "embeddings"
    verbose_name = "Semantic retrieval"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from embeddings import runtime

        runtime.configure(settings)
        if getattr(settings, "SEMANTIC_ENABLED", True):
            from embeddings.modes import hybrid, semantic
            from search import modes

            modes.register("semantic", semantic)
            modes.register("hybrid", hybrid)
