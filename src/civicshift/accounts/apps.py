from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "civicshift.accounts"
    label = "accounts"
