from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "civicshift.orgs"
    label = "orgs"
    verbose_name = "Organizations"
