from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "civicshift.backup"
    label = "backup"

    def ready(self) -> None:
        from .jobs import register

        register()
