from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "civicshift.demo"
    label = "demo"
