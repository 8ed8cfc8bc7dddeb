"""Working calendars: the organization's default week and holidays, and other calendars plans
or tasks can use (the generic list, create, edit and delete pages, and exceptions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicshift.web.org_views import (
    OrgActionView,
    OrgObjectCreateView,
    OrgObjectDeleteView,
    OrgObjectListView,
    OrgObjectMixin,
    OrgObjectUpdateView,
)

from . import selectors
from . import services_calendars as services
from .forms import CalendarExceptionForm, CalendarForm, _format_periods
from .models import WorkCalendar


class CalendarViews:
    model = WorkCalendar
    section = "calendars"
    url_prefix = "plans:calendar"
    plural_label = gettext_lazy("Working calendars")
    form_class = CalendarForm


class CalendarListView(CalendarViews, OrgObjectListView):
    columns = [
        ("name", gettext_lazy("Name")),
        ("hours", gettext_lazy("Working hours")),
        ("holiday_count", gettext_lazy("Holidays and exceptions")),
    ]
    intro = gettext_lazy(
        "The days and hours your staff work. Every date in a plan is counted in working time: "
        "a 3-day task started on Friday finishes on Tuesday. The default calendar is used by "
        "every plan unless it names another; add your holidays to it."
    )
    empty_text = gettext_lazy("No calendar yet: the first plan creates the standard one.")

    def get_queryset(self):
        calendars = list(selectors.calendars_for(self.organization))
        names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
        for cal in calendars:
            worked = [f"{names[i]} {_format_periods(day)}" for i, day in enumerate(cal.week) if day]
            cal.hours = "; ".join(worked)
            cal.holiday_count = len(cal.exceptions.all())
            if cal.is_default:
                cal.name = f"{cal.name} ({_('default')})"
        return calendars


class CalendarCreateView(CalendarViews, OrgObjectCreateView):
    def perform(self, form):
        return services.calendar_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class CalendarUpdateView(CalendarViews, OrgObjectUpdateView):
    template_name = "plans/calendar_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            calendar=self.object,
            exceptions=[(e, _format_periods(e.periods)) for e in self.object.exceptions.all()],
            exception_form=kwargs.get("exception_form") or CalendarExceptionForm(),
        )
        return context

    def perform(self, form):
        return services.calendar_update(
            actor=self.request.user,
            calendar=self.get_object(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class CalendarDeleteView(CalendarViews, OrgObjectDeleteView):
    def delete(self, obj):
        services.calendar_delete(actor=self.request.user, calendar=obj)


class CalendarExceptionCreateView(CalendarViews, OrgObjectMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        calendar = self.get_object()
        form = CalendarExceptionForm(request.POST)
        back = self.url("edit", pk=calendar.pk) + "#exceptions"
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.calendar_exception_create(
                    actor=request.user,
                    calendar=calendar,
                    name=data["name"],
                    start=data["start"],
                    finish=data["finish"] or data["start"],
                    periods=data["hours"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Added the exception."))
            return HttpResponseRedirect(back)
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label}: {' '.join(errs)}"
                if name in form.fields
                else " ".join(errs)
                for name, errs in form.errors.items()
            ),
        )
        return HttpResponseRedirect(back)


class CalendarExceptionDeleteView(CalendarViews, OrgObjectMixin, OrgActionView):
    def post(self, request, *args, **kwargs):
        calendar = self.get_object()
        exception = get_object_or_404(calendar.exceptions.all(), pk=self.kwargs["exception"])
        services.calendar_exception_delete(actor=request.user, exception=exception)
        messages.success(request, _("Removed “%s”.") % exception)
        return HttpResponseRedirect(self.url("edit", pk=calendar.pk) + "#exceptions")
