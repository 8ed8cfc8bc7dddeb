from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "civicshift.people"
    label = "people"
    verbose_name = _("People and change")

    def ready(self) -> None:
        from civicshift.initiatives.hub import register_module
        from civicshift.web.nav import register_section

        register_module("people", "people:initiative_people")
        register_section("champions", _("Champions"), "people:champions")
