"""Pages of the vendor registry: the list (search, likely duplicates, papers about to run out),
a vendor with its contacts, products, contracts, certifications and references, and the forms."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgConfirmDeleteView, OrgServiceFormView, OrgTemplateView

from . import selectors_registry as selectors
from . import services_registry as services
from .forms_registry import ITEM_FORMS, VendorForm


class RegistryMixin:
    section = "vendors"

    def list_url(self) -> str:
        return reverse("vendors:vendor_list", args=[self.organization.slug])

    def vendor_url(self, vendor) -> str:
        return reverse("vendors:vendor_detail", args=[self.organization.slug, vendor.pk])

    def get_vendor(self):
        if not hasattr(self, "_vendor"):
            self._vendor = selectors.vendor_get(self.organization, self.kwargs["pk"])
        return self._vendor


class VendorListView(RegistryMixin, OrgTemplateView):
    template_name = "vendors/vendor_list.html"

    def get_breadcrumbs(self):
        return [(_("Vendors"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:200]
        today = timezone.localdate()
        vendors = list(selectors.vendor_list(self.organization, q))
        context.update(
            q=q,
            rows=[(v, selectors.flags_for(v, today)) for v in vendors],
            duplicate_groups=selectors.duplicate_groups(self.organization),
        )
        return context


class VendorCreateView(RegistryMixin, OrgServiceFormView):
    template_name = "vendors/vendor_form.html"
    form_class = VendorForm

    def get_breadcrumbs(self):
        return [(_("Vendors"), self.list_url()), (_("New vendor"), None)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            kwargs["duplicates"] = selectors.likely_duplicates(
                self.organization,
                name=self.request.POST.get("name", ""),
                tax_id=self.request.POST.get("tax_id", ""),
            )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("New vendor"), cancel_url=self.list_url())
        return context

    def form_valid(self, form):
        if form.duplicates and not form.cleaned_data.get("not_a_duplicate"):
            form.add_error(
                "not_a_duplicate",
                _(
                    "The registry already has a company with this name or tax id (listed "
                    "above). Open it instead, or tick this box if this is another company."
                ),
            )
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "not_a_duplicate"}
        return services.vendor_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def get_success_url(self, result=None):
        return self.vendor_url(result)


class VendorUpdateView(RegistryMixin, OrgServiceFormView):
    template_name = "vendors/vendor_form.html"
    form_class = VendorForm

    def get_breadcrumbs(self):
        vendor = self.get_vendor()
        return [
            (_("Vendors"), self.list_url()),
            (vendor.name, self.vendor_url(vendor)),
            (_("Edit"), None),
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_vendor()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = self.get_vendor()
        context.update(
            title=_("Edit “%(name)s”") % {"name": vendor.name},
            cancel_url=self.vendor_url(vendor),
            history_object=vendor,
        )
        return context

    def perform(self, form):
        return services.vendor_update(
            actor=self.request.user,
            vendor=self.get_vendor(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.vendor_url(result)


class VendorDeleteView(RegistryMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("vendor")

    def get_object(self):
        return self.get_vendor()

    def delete(self, obj):
        services.vendor_delete(actor=self.request.user, vendor=obj)

    def get_success_url(self):
        return self.list_url()


class VendorDetailView(RegistryMixin, OrgTemplateView):
    template_name = "vendors/vendor_detail.html"

    def get_breadcrumbs(self):
        return [(_("Vendors"), self.list_url()), (self.get_vendor().name, None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vendor = self.get_vendor()
        context.update(
            vendor=vendor,
            flags=selectors.flags_for(vendor, timezone.localdate()),
            duplicates=selectors.likely_duplicates(
                self.organization, name=vendor.name, tax_id=vendor.tax_id, exclude=vendor
            ),
            contacts=vendor.contacts.all(),
            products=vendor.products.prefetch_related("systems"),
            contracts=vendor.contracts.all(),
            certifications=vendor.certifications.all(),
            references=vendor.references.all(),
            performance=selectors.performance_history(vendor),
            proposals=vendor.proposals.select_related("evaluation__initiative"),
        )
        return context


def _kind(kwargs) -> str:
    if kwargs["kind"] not in ITEM_FORMS:
        raise Http404
    return kwargs["kind"]


class VendorItemCreateView(RegistryMixin, OrgServiceFormView):
    """Add one contact, product, contract, certification or reference to a vendor."""

    template_name = "vendors/item_form.html"

    def get_form_class(self):
        return ITEM_FORMS[_kind(self.kwargs)][0]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if _kind(self.kwargs) == "product":
            kwargs["organization"] = self.organization
        if _kind(self.kwargs) == "performance":
            kwargs.update(organization=self.organization, vendor=self.get_vendor())
        return kwargs

    def get_breadcrumbs(self):
        vendor = self.get_vendor()
        return [
            (_("Vendors"), self.list_url()),
            (vendor.name, self.vendor_url(vendor)),
            (str(ITEM_FORMS[_kind(self.kwargs)][1]), None),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=ITEM_FORMS[_kind(self.kwargs)][1],
            vendor=self.get_vendor(),
            cancel_url=self.vendor_url(self.get_vendor()),
        )
        return context

    def perform(self, form):
        return services.vendor_item_create(
            actor=self.request.user,
            vendor=self.get_vendor(),
            item_kind=_kind(self.kwargs),
            **form.cleaned_data,
        )

    def get_success_url(self, result=None):
        return self.vendor_url(self.get_vendor())


class VendorItemDeleteView(RegistryMixin, OrgConfirmDeleteView):
    read_role = Role.EDITOR

    @property
    def object_label(self):
        return services.ITEM_MODELS[_kind(self.kwargs)]._meta.verbose_name

    def get_object(self):
        model = services.ITEM_MODELS[_kind(self.kwargs)]
        return get_object_or_404(
            model.objects.for_org(self.organization).filter(vendor=self.get_vendor()),
            pk=self.kwargs["item"],
        )

    def delete(self, obj):
        services.vendor_item_delete(actor=self.request.user, item=obj)

    def get_success_url(self):
        return self.vendor_url(self.get_vendor())
