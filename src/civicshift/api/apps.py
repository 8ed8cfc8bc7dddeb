from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "civicshift.api"
    label = "api"

    def ready(self) -> None:
        from . import (
            schema,  # noqa: F401  (registers the OpenAPI extensions)
            signals,  # noqa: F401  (a changed password revokes the API tokens)
        )
