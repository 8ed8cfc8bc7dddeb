from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "civicshift.initiatives"
    label = "initiatives"
    verbose_name = "Initiatives"
