"""Forms of the skills module; every id-taking field is scoped to the organization."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from civicshift.accounts.people import person_name
from civicshift.cases.models import Option
from civicshift.orgs.models import Department
from civicshift.web.forms import CheckboxSelectMultiple, Form, ModelForm, RadioSelect

from .catalog import level_words
from .models import Course, JobRole, Skill, StaffPerson, TrainingSession

LEVEL_CHOICES = [(n, f"{n} – {name}") for n, name, _d in level_words()]
REQUIRED_CHOICES = LEVEL_CHOICES[1:]


class SkillForm(ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.level_words if self.instance.pk else {}
        for number, name, words in level_words():
            self.fields[f"level_{number}"] = forms.CharField(
                label=_("What level %(n)s (%(name)s) means for this skill")
                % {"n": number, "name": name},
                required=False,
                max_length=300,
                initial=current.get(str(number), ""),
                help_text=_("Leave empty for the general words: “%(words)s”") % {"words": words},
            )
            self.fields[f"level_{number}"].widget.attrs["class"] = "usa-input"

    def service_fields(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self._meta.fields}
        data["level_words"] = {
            str(n): self.cleaned_data[f"level_{n}"].strip()
            for n in range(5)
            if self.cleaned_data.get(f"level_{n}", "").strip()
        }
        return data


class JobRoleForm(ModelForm):
    class Meta:
        model = JobRole
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PersonForm(ModelForm):
    class Meta:
        model = StaffPerson
        fields = ["name", "department", "job_role", "member"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_org(organization)
        self.fields["job_role"].queryset = JobRole.objects.for_org(organization)
        self.fields["member"].queryset = (
            get_user_model()
            .objects.filter(memberships__organization=organization)
            .order_by("first_name", "last_name", "id")
        )
        self.fields["member"].label_from_instance = person_name


class RequirementForm(Form):
    job_role = forms.ModelChoiceField(label=_("Job role"), queryset=JobRole.objects.none())
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    level = forms.TypedChoiceField(
        label=_("Level needed"),
        choices=REQUIRED_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("Everyone in the role should reach at least this level."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_role"].queryset = JobRole.objects.for_org(organization)
        self.fields["skill"].queryset = Skill.objects.for_org(organization)


class AssessmentForm(Form):
    """A manager's ratings of one person's required skills (one radio group per skill)."""

    def __init__(self, *args, skills, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.skills = skills
        for skill, required in skills:
            self.fields[f"skill_{skill.pk}"] = forms.TypedChoiceField(
                label=_("%(skill)s (level %(n)s needed)") % {"skill": skill.name, "n": required},
                choices=[("", _("Not assessed"))]
                + [(n, f"{n} – {name}: {words}") for n, name, words in skill.levels()],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(skill.pk),
                widget=RadioSelect,
            )

    def levels(self) -> dict:
        return {skill: self.cleaned_data.get(f"skill_{skill.pk}") for skill, _r in self.skills}


class SelfAssessmentForm(AssessmentForm):
    """The same fields as a manager's rating, on the person's own no-login page: a class of its
    own so the page and its tests name which of the two it is."""


class CourseForm(ModelForm):
    class Meta:
        model = Course
        fields = [
            "name",
            "kind",
            "skill",
            "hours_per_person",
            "cost_per_seat",
            "fixed_cost",
            "seats",
            "provider",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.for_org(organization)


class SessionForm(ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["starts_on", "start_time", "hours", "seats", "trainer", "location"]
        widgets = {
            "starts_on": forms.DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class EnrolForm(Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People to enrol"),
        queryset=StaffPerson.objects.none(),
        widget=CheckboxSelectMultiple,
        help_text=_("People short of the course's skill are ticked already."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = StaffPerson.objects.for_org(organization)


class CompletionForm(Form):
    completed = forms.BooleanField(label=_("Completed"), required=False)
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=forms.DateInput(),
        help_text=_("Empty: today."),
    )


class TrainingLinesForm(Form):
    option = forms.ModelChoiceField(
        label=_("Add them to option"), queryset=Option.objects.none(), empty_label=None
    )
    hourly_rate = forms.DecimalField(
        label=_("Loaded hourly rate of the people trained"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "What an hour of an attendee's time costs the town: wages plus benefits and payroll "
            "taxes (often 1.3 to 1.5 times the hourly wage). Backfill = hours in training × this "
            "rate: the cost of covering their work while they learn."
        ),
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = options
