from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "cbd_api"
    verbose_name = "Headless API"
