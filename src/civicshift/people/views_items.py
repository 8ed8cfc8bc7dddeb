"""Adding, changing and deleting the rows of the People tab: one set of generic views, told by
an ``Item`` which form, services and page each kind of row has. An add form on a page posts here;
with htmx the page comes back with the new row in place (or the form with its errors), without
JavaScript the browser is redirected to the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import OrgConfirmDeleteView, OrgServiceFormView

from . import selectors, services
from .views import FORMS, PAGE_VIEWS, PeopleMixin


@dataclass(frozen=True)
class Item:
    key: str
    page: str
    label: Any
    queryset: Callable
    create: Callable
    update: Callable
    delete: Callable
    #: The page's context name for its add form of this kind.
    form_name: str = "form"
    new_title: Any = ""


ITEMS = {
    "stakeholder": Item(
        "stakeholder",
        "initiative_people",
        gettext_lazy("stakeholder"),
        selectors.stakeholders_of,
        lambda actor, initiative, **f: services.stakeholder_create(
            actor=actor, initiative=initiative, **f
        ),
        lambda actor, obj, version, **f: services.stakeholder_update(
            actor=actor, stakeholder=obj, expected_version=version, **f
        ),
        lambda actor, obj: services.stakeholder_delete(actor=actor, stakeholder=obj),
        new_title=gettext_lazy("New stakeholder"),
    ),
    "rating": Item(
        "rating",
        "adkar",
        gettext_lazy("ADKAR rating"),
        selectors.ratings_of,
        lambda actor, initiative, **f: services.adkar_rating_create(
            actor=actor, initiative=initiative, **f
        ),
        lambda actor, obj, version, **f: services.adkar_rating_update(
            actor=actor, rating=obj, expected_version=version, **f
        ),
        lambda actor, obj: services.adkar_rating_delete(actor=actor, rating=obj),
        new_title=gettext_lazy("New ADKAR rating"),
    ),
    "group": Item(
        "group",
        "impact",
        gettext_lazy("affected group"),
        selectors.impact_groups_of,
        lambda actor, initiative, **f: services.impact_group_create(
            actor=actor, initiative=initiative, **f
        ),
        lambda actor, obj, version, **f: services.impact_group_update(
            actor=actor, group=obj, expected_version=version, **f
        ),
        lambda actor, obj: services.impact_group_delete(actor=actor, group=obj),
        new_title=gettext_lazy("New affected group"),
    ),
    "activity": Item(
        "activity",
        "comms",
        gettext_lazy("change activity"),
        selectors.activities_of,
        lambda actor, initiative, **f: services.activity_create(
            actor=actor, initiative=initiative, **f
        ),
        lambda actor, obj, version, **f: services.activity_update(
            actor=actor, activity=obj, expected_version=version, **f
        ),
        lambda actor, obj: services.activity_delete(actor=actor, activity=obj),
        new_title=gettext_lazy("New change activity"),
    ),
    "response": Item(
        "response",
        "comms",
        gettext_lazy("resistance response"),
        selectors.responses_of,
        lambda actor, initiative, **f: services.resistance_response_create(
            actor=actor, initiative=initiative, **f
        ),
        lambda actor, obj, version, **f: services.resistance_response_update(
            actor=actor, resistance=obj, expected_version=version, **f
        ),
        lambda actor, obj: services.resistance_response_delete(actor=actor, resistance=obj),
        form_name="response_form",
        new_title=gettext_lazy("New resistance response"),
    ),
}


class ItemMixin(PeopleMixin):
    item_key = ""

    @property
    def item(self) -> Item:
        return ITEMS[self.item_key]

    @property
    def page(self) -> str:  # the page the row belongs to
        return self.item.page

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = selectors.item_get(
                self.item.queryset(self.get_initiative()), self.kwargs["item"]
            )
        return self._object

    def get_form_class(self):
        return FORMS[self.item_key]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initiative": self.get_initiative()}

    def get_success_url(self, result=None):
        return self.page_url() + f"#{self.item_key}-{result.pk}" if result else self.page_url()

    def render_page(self, form=None, notice=""):
        view = PAGE_VIEWS[self.page]()
        view.setup(self.request, *self.args, **self.kwargs)
        view.organization, view.membership = self.organization, self.membership
        return view.render_to_response(
            view.get_context_data(**{self.item.form_name: form}, notice=notice)
        )


class ItemCreateView(ItemMixin, OrgServiceFormView):
    """GET: the form on a page of its own. POST (from it, or from the page's add form)."""

    template_name = "people/item_form.html"

    def get_breadcrumbs(self):
        return self.people_crumbs((self.item.new_title, None))

    def get_initial(self):
        view = PAGE_VIEWS[self.page]()
        return view.form_initial() if self.item.form_name == "form" else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.item.new_title, cancel_url=self.page_url())
        return context

    def form_valid(self, form):
        try:
            obj = self.item.create(self.request.user, self.get_initiative(), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        notice = _("Added %(kind)s “%(name)s”.") % {"kind": self.item.label, "name": obj}
        if self.request.htmx:
            return self.render_page(None, notice=notice)
        messages.success(self.request, notice)
        return HttpResponseRedirect(self.get_success_url(obj))

    def form_invalid(self, form):
        if self.request.htmx:
            return self.render_page(form)
        return super().form_invalid(form)


class ItemEditView(ItemMixin, OrgServiceFormView):
    template_name = "people/item_form.html"

    def get_breadcrumbs(self):
        return self.people_crumbs((str(self.get_object()), None))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Edit %(kind)s “%(name)s”")
            % {"kind": self.item.label, "name": self.get_object()},
            cancel_url=self.page_url(),
            history_object=self.get_object(),
        )
        return context

    def perform(self, form):
        return self.item.update(
            self.request.user, self.get_object(), form.expected_version, **form.cleaned_data
        )

    def get_success_url(self, result=None):
        messages.success(self.request, _("Saved “%s”.") % result)
        return super().get_success_url(result)


class ItemDeleteView(ItemMixin, OrgConfirmDeleteView):
    def get_breadcrumbs(self):
        return self.people_crumbs((_("Delete"), None))

    @property
    def object_label(self):
        return self.item.label

    def delete(self, obj):
        self.item.delete(self.request.user, obj)

    def get_success_url(self):
        return self.page_url()
