from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "civicshift.web"
    label = "web"
