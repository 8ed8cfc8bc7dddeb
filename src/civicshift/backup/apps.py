from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "civicshift.backup"
    label = "backup"
