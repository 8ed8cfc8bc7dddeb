from django.contrib.admin.apps import AdminConfig


class CivicShiftAdminConfig(AdminConfig):
    """Django's admin, with CivicShift's site class (sign-in and two-factor)."""

    default_site = "civicshift.web.admin_site.CivicShiftAdminSite"
