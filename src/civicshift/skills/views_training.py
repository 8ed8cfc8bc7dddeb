"""The initiative's training plan: courses, their sessions, who is enrolled and who completed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from civicshift.web.forms import add_service_errors
from civicshift.web.org_views import (
    OrgActionView,
    OrgConfirmDeleteView,
    OrgServiceFormView,
    OrgTemplateView,
)

from . import selectors, services_case, services_training
from .forms import CompletionForm, CourseForm, EnrolForm, SessionForm
from .views_initiative import SkillsTabMixin


class TrainingMixin(SkillsTabMixin):
    def training_url(self) -> str:
        return self.tab_url("training")

    def training_crumbs(self, *tail):
        return self.tab_crumbs((_("Training plan"), self.training_url() if tail else None), *tail)

    def get_course(self):
        return get_object_or_404(
            selectors.courses_of(self.get_initiative()), pk=self.kwargs["course"]
        )

    def get_session(self):
        return get_object_or_404(
            selectors.sessions_of(self.get_initiative()), pk=self.kwargs["session"]
        )


class TrainingPlanView(TrainingMixin, OrgTemplateView):
    template_name = "skills/training.html"
    help_page = "skills#the-training-plan"

    def get_breadcrumbs(self):
        return self.tab_crumbs((_("Training plan"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initiative = self.get_initiative()
        courses = list(selectors.courses_of(initiative))
        sessions = list(selectors.sessions_of(initiative))
        enrolments = list(selectors.enrolments_of(initiative))
        done = selectors.completion(initiative)
        counts = selectors.session_counts(initiative)
        for session in sessions:
            session.enrolled = [e for e in enrolments if e.session_id == session.pk]
            session.n_done = counts.get(session.pk, (0, 0))[1]
        for course in courses:
            course.session_list = [s for s in sessions if s.course_id == course.pk]
            course.done = done["courses"].get(course.pk)
            course.attendees = selectors.attendees_of(course)
        people = {e.person_id: e.person for e in enrolments}
        case = getattr(initiative, "business_case", None)
        context.update(
            courses=courses,
            person_progress=sorted(
                ((people[pk], v) for pk, v in done["people"].items()), key=lambda x: x[0].name
            ),
            case=case,
            lines_added=list(services_case.lines_added(initiative)),
            has_plan=hasattr(initiative, "plan"),
        )
        return context


class CourseFormMixin(TrainingMixin):
    form_class = CourseForm
    template_name = "web/object_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_success_url(self, result=None):
        return self.training_url() + (f"#course-{result.pk}" if result else "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.training_url()
        return context


class CourseCreateView(CourseFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Course added.")

    def get_breadcrumbs(self):
        return self.training_crumbs((_("New course"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New course")
        return context

    def perform(self, form):
        return services_training.course_create(
            actor=self.request.user, initiative=self.get_initiative(), **form.cleaned_data
        )


class CourseUpdateView(CourseFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Course saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_course()
        return kwargs

    def get_breadcrumbs(self):
        return self.training_crumbs((str(self.get_course()), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit course “%s”") % self.get_course()
        context["history_object"] = self.get_course()
        return context

    def perform(self, form):
        return services_training.course_update(
            actor=self.request.user,
            course=self.get_course(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class CourseDeleteView(TrainingMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("course")

    def get_object(self):
        return self.get_course()

    def get_success_url(self):
        return self.training_url()

    def delete(self, obj):
        services_training.course_delete(actor=self.request.user, course=obj)


class SessionFormMixin(TrainingMixin):
    form_class = SessionForm
    template_name = "web/object_form.html"

    def get_success_url(self, result=None):
        return self.training_url() + (f"#session-{result.pk}" if result else "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.training_url()
        return context


class SessionCreateView(SessionFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Session added.")

    def get_initial(self):
        course = self.get_course()
        return {"hours": course.hours_per_person, "seats": course.seats or None}

    def get_breadcrumbs(self):
        return self.training_crumbs((_("New session of “%s”") % self.get_course(), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("New session of “%s”") % self.get_course()
        return context

    def perform(self, form):
        return services_training.session_create(
            actor=self.request.user, course=self.get_course(), **form.cleaned_data
        )


class SessionUpdateView(SessionFormMixin, OrgServiceFormView):
    success_message = gettext_lazy("Session saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_session()
        return kwargs

    def get_breadcrumbs(self):
        return self.training_crumbs((str(self.get_session()), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Edit session “%s”") % self.get_session()
        context["history_object"] = self.get_session()
        return context

    def perform(self, form):
        return services_training.session_update(
            actor=self.request.user,
            session=self.get_session(),
            expected_version=form.expected_version,
            **form.cleaned_data,
        )


class SessionDeleteView(TrainingMixin, OrgConfirmDeleteView):
    object_label = gettext_lazy("training session")

    def get_object(self):
        return self.get_session()

    def get_success_url(self):
        return self.training_url()

    def delete(self, obj):
        services_training.session_delete(actor=self.request.user, session=obj)


class EnrolView(TrainingMixin, OrgServiceFormView):
    """Enrol people in a session; those short of the course's skill are suggested (ticked)."""

    form_class = EnrolForm
    template_name = "skills/enrol.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def suggested(self):
        session = self.get_session()
        if session.course.skill is None:
            return []
        taken = set(session.enrolments.values_list("person_id", flat=True))
        return [
            p
            for p in selectors.short_of(self.get_initiative(), session.course.skill)
            if p.pk not in taken
        ]

    def get_initial(self):
        return {"people": [p.pk for p in self.suggested()]}

    def get_breadcrumbs(self):
        return self.training_crumbs((_("Enrol people"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        context.update(
            session=session,
            suggested=self.suggested(),
            enrolled=list(session.enrolments.select_related("person")),
            cancel_url=self.training_url(),
        )
        return context

    def perform(self, form):
        made = services_training.enrolment_create(
            actor=self.request.user,
            session=self.get_session(),
            people=list(form.cleaned_data["people"]),
        )
        messages.success(
            self.request,
            ngettext("Enrolled %(n)d person.", "Enrolled %(n)d people.", len(made))
            % {"n": len(made)},
        )
        return self.get_session()

    def get_success_url(self, result=None):
        return self.training_url() + f"#session-{self.get_session().pk}"


class CompletionView(TrainingMixin, OrgActionView):
    """Mark one enrolment completed or not (a small form in the session's table)."""

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        enrolment = get_object_or_404(
            session.enrolments.select_related("person"), pk=self.kwargs["enrolment"]
        )
        form = CompletionForm(request.POST)
        if form.is_valid():
            try:
                services_training.enrolment_update(
                    actor=request.user,
                    enrolment=enrolment,
                    completed=form.cleaned_data["completed"],
                    completed_on=form.cleaned_data["completed_on"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    (
                        _("%(name)s completed the session.")
                        if form.cleaned_data["completed"]
                        else _("%(name)s has not completed the session.")
                    )
                    % {"name": enrolment.person.name},
                )
        else:
            add_service_errors(form, ValidationError(_("Enter a valid date.")))
            messages.error(request, _("Enter a valid date."))
        return HttpResponseRedirect(self.training_url() + f"#session-{session.pk}")
