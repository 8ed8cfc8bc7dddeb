from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "civicshift.audit"
    label = "audit"
    verbose_name = "Audit trail"
