from django.apps import AppConfig


class EmbeddingsConfig(AppConfig):
    name = "embeddings"
    verbose_name = "Semantic retrieval"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from embeddings import runtime

        runtime.configure(settings)
        from cms.api.openapi import register_paths
        from embeddings import openapi

        register_paths("embeddings", openapi.paths)
        if getattr(settings, "SEMANTIC_ENABLED", True):
            from embeddings.modes import blended, hybrid, semantic, semantic_fallback
            from embeddings.sync import VectorSink
            from indexing.sinks import register_sink
            from search.retrieval import modes

            register_sink(VectorSink.name, VectorSink)
            modes.register("semantic", semantic)
            modes.register("hybrid", hybrid)
            modes.register_fallback(semantic_fallback)
            modes.register_blend(blended)
            if getattr(settings, "EMBEDDING_PRELOAD", False):
                from cms.core.startup import register_warmup

                register_warmup("embedding-model", warm_up_model)


def warm_up_model() -> None:
    """Load the model and encode one query, so the first question after start-up answers at normal speed."""
    from embeddings.runtime import get_embedder

    get_embedder().encode_query("warm up")
