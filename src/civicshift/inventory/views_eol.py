"""Pages for support dates from endoflife.date: a panel per system and component (the
candidates, how sure each is and why, Confirm / Not this one), and the list of every suggestion
still to confirm across the organization.

The panel is also meant for the system's and the component's own pages: their views call
:func:`eol_panel` and include ``inventory/eol_panel.html`` with ``panel``. Buttons post with
htmx (the panel is swapped in place) and work as plain forms without JavaScript.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicshift.core import endoflife
from civicshift.orgs.roles import Role
from civicshift.web.org_views import OrgActionView, OrgTemplateView

from . import services_eol
from .models import Component, System

KINDS = {"system": System, "component": Component}


class EolChoiceForm(forms.Form):
    product = forms.CharField(max_length=100, label=gettext_lazy("endoflife.date product"))
    cycle = forms.CharField(
        max_length=100, required=False, label=gettext_lazy("endoflife.date release")
    )


def _status_of(m: endoflife.SupportMilestones, today) -> endoflife.SupportStatus:
    return endoflife.status(m, today)


def _row(match: endoflife.Match, cat, today) -> dict:
    row = {"match": match, "percent": round(match.confidence * 100), "milestones": None}
    if match.cycle:
        m = endoflife.milestones(match.product_id, match.cycle, cat=cat)
        row.update(milestones=m, status=_status_of(m, today))
    else:
        row["cycles"] = [r.cycle for r in cat.products[match.product_id].releases]
    return row


def eol_panel(organization, record, kind: str, *, can_edit: bool, next_url: str = "") -> dict:
    """What ``inventory/eol_panel.html`` shows for one system or component."""
    cat = services_eol.catalogue()
    today = timezone.localdate()
    rows = [_row(m, cat, today) for m in services_eol.candidates(record)]
    current = None
    if record.eol_product and record.eol_product in cat.products:
        product = cat.products[record.eol_product]
        current = {
            "title": product.title,
            "url": product.url,
            "cycle": record.eol_cycle,
            "confirmed": record.eol_confirmed,
            "rejected": services_eol._rejected(record) is not None,
            "percent": (
                round(record.eol_confidence * 100) if record.eol_confidence is not None else None
            ),
        }
    url_args = {"org_slug": organization.slug, "pk": record.pk}
    return {
        "record": record,
        "kind": kind,
        "dom_id": f"eol-{kind}-{record.pk}",
        "rows": rows,
        "current": current,
        "can_edit": can_edit,
        "confirm_url": reverse(f"inventory:eol_{kind}_confirm", kwargs=url_args),
        "reject_url": reverse(f"inventory:eol_{kind}_reject", kwargs=url_args),
        "next_url": next_url,
        "catalogue_date": cat.commit_date,
    }


class EolRecordView(OrgTemplateView):
    """One system's or component's candidates (GET)."""

    template_name = "inventory/eol_record.html"
    section = "systems"
    help_page = "inventory#support-dates-from-endoflifedate"
    kind = "system"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = get_object_or_404(
            KINDS[self.kind].objects.for_org(self.organization), pk=self.kwargs["pk"]
        )
        context.update(
            record=record,
            panel=eol_panel(self.organization, record, self.kind, can_edit=self.can(Role.EDITOR)),
            review_url=reverse("inventory:eol_review", kwargs={"org_slug": self.organization.slug}),
        )
        return context

    def get_breadcrumbs(self):
        review = reverse("inventory:eol_review", kwargs={"org_slug": self.organization.slug})
        return [(_("Support dates from endoflife.date"), review), (_("Candidates"), None)]


class EolActionView(OrgActionView):
    """Confirm or reject one candidate (POST), then the panel (htmx) or a redirect."""

    kind = "system"
    action = "confirm"

    def post(self, request, org_slug, pk):
        record = get_object_or_404(KINDS[self.kind].objects.for_org(self.organization), pk=pk)
        form = EolChoiceForm(request.POST)
        error = False
        if not form.is_valid():
            message, error = _("Choose a product and release from the list."), True
        else:
            product, cycle = form.cleaned_data["product"], form.cleaned_data["cycle"]
            try:
                if self.action == "confirm":
                    record = services_eol.eol_confirm(
                        actor=request.user, record=record, product=product, cycle=cycle
                    )
                    message = _("Support dates of %(name)s set from endoflife.date.") % {
                        "name": record
                    }
                else:
                    record = services_eol.eol_reject(
                        actor=request.user, record=record, product=product, cycle=cycle
                    )
                    message = _("That match will not be suggested for %(name)s again.") % {
                        "name": record
                    }
            except ValidationError as exc:
                message, error = " ".join(exc.messages), True
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        if request.htmx and request.htmx.target and request.htmx.target.startswith("eol-"):
            record.refresh_from_db()
            panel = eol_panel(
                self.organization, record, self.kind, can_edit=True, next_url=next_url
            )
            panel.update(message=message, error=error)
            return render(
                request, "inventory/eol_panel.html", {"panel": panel, "org": self.organization}
            )
        (messages.error if error else messages.success)(request, message)
        return redirect(
            next_url
            or reverse(f"inventory:eol_{self.kind}", kwargs={"org_slug": org_slug, "pk": pk})
        )


class EolReviewView(OrgTemplateView):
    """Every suggestion not yet confirmed, across the organization, to confirm in one sitting."""

    template_name = "inventory/eol_review.html"
    section = "systems"
    help_page = "inventory#support-dates-from-endoflifedate"

    def get_breadcrumbs(self):
        return [(_("Support dates from endoflife.date"), None)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cat = services_eol.catalogue()
        today = timezone.localdate()
        here = self.request.get_full_path()
        rows = []
        for kind, model in KINDS.items():
            pending = (
                model.objects.for_org(self.organization)
                .filter(eol_confirmed=False)
                .exclude(eol_product="")
                .exclude(eol_confidence=services_eol.REJECTED)
                .order_by("name")
            )
            for record in pending:
                product = cat.products.get(record.eol_product)
                if product is None:
                    continue
                row = {
                    "record": record,
                    "kind": kind,
                    "product": product,
                    "percent": round((record.eol_confidence or 0) * 100),
                    "status": None,
                    "url_args": {"org_slug": self.organization.slug, "pk": record.pk},
                }
                if record.eol_cycle and product.release(record.eol_cycle):
                    m = endoflife.milestones(product.id, record.eol_cycle, cat=cat)
                    row.update(milestones=m, status=_status_of(m, today))
                row["why"] = next(
                    (
                        c.why
                        for c in services_eol.candidates(record, limit=10)
                        if (c.product_id, c.cycle) == (record.eol_product, record.eol_cycle)
                    ),
                    (),
                )
                row["detail_url"] = reverse(f"inventory:eol_{kind}", kwargs=row["url_args"])
                row["confirm_url"] = reverse(
                    f"inventory:eol_{kind}_confirm", kwargs=row["url_args"]
                )
                row["reject_url"] = reverse(f"inventory:eol_{kind}_reject", kwargs=row["url_args"])
                rows.append(row)
        rows.sort(key=lambda r: (-r["percent"], r["record"].name.lower()))
        context.update(
            rows=rows,
            here=here,
            catalogue_date=cat.commit_date,
            unmatched=sum(
                model.objects.for_org(self.organization)
                .filter(eol_confirmed=False, eol_product="")
                .count()
                for model in KINDS.values()
            ),
        )
        return context


class EolConfirmManyView(OrgActionView):
    """Confirm the ticked suggestions of the review list at once (POST ``choice`` =
    ``system:<id>`` or ``component:<id>``, any number)."""

    def post(self, request, org_slug):
        records = []
        for choice in request.POST.getlist("choice"):
            kind, _sep, pk = choice.partition(":")
            if kind not in KINDS or not pk.isdigit():
                continue
            record = KINDS[kind].objects.for_org(self.organization).filter(pk=int(pk)).first()
            if record is None:
                raise Http404
            records.append(record)
        if not records:
            messages.error(request, _("Tick the suggestions to confirm first."))
            return redirect("inventory:eol_review", org_slug=org_slug)
        try:
            done = services_eol.eol_confirm_suggestions(
                actor=request.user, organization=self.organization, records=records
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d suggestion confirmed: its support dates are recorded.",
                    "%(n)d suggestions confirmed: their support dates are recorded.",
                    done,
                )
                % {"n": done},
            )
        return redirect("inventory:eol_review", org_slug=org_slug)


class EolSuggestAllView(OrgActionView):
    """Suggest a match for every unconfirmed system and component (POST)."""

    def post(self, request, org_slug):
        changed = services_eol.eol_suggest_all(actor=request.user, organization=self.organization)
        messages.success(
            request,
            _("%(n)d suggestion(s) made or updated. Confirm each below before relying on it.")
            % {"n": changed},
        )
        return redirect("inventory:eol_review", org_slug=org_slug)
