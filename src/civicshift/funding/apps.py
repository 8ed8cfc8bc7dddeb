from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "civicshift.funding"
    label = "funding"
    verbose_name = "Funding"

    def ready(self) -> None:
        from .jobs import register as register_jobs

        register_jobs()
