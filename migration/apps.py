from django.apps import AppConfig


class MigrationConfig(AppConfig):
    """Brings the legacy repository's exports into the CMS (readers -> mappers -> idempotent runner)."""

    name = "migration"
    label = "migration"
    verbose_name = "Legacy migration"
    default_auto_field = "django.db.models.BigAutoField"
