from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "cbd_api"
    verbose_name = "Headless API"

    def ready(self) -> None:
        from cms.api.invalidation import connect

        connect()
