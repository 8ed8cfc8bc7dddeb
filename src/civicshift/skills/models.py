"""Skills and training (issue 11, item 5): the organization's skills catalog, its staff and job
roles; per initiative the skills each role needs, the assessments, and the training plan
(courses, sessions, enrolments) whose cost becomes business-case lines and whose sessions
become plan tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from civicshift.orgs.base import OrgOwnedModel, VersionedModel
from civicshift.orgs.feed_tokens import FeedToken

LEVEL_VALIDATORS = [MinValueValidator(0), MaxValueValidator(4)]


class Skill(OrgOwnedModel, VersionedModel):
    name = models.CharField(
        _("skill"), max_length=120, help_text=_("What the person can do, in a few words.")
    )
    category = models.CharField(
        _("category"),
        max_length=80,
        blank=True,
        help_text=_("A heading to group skills under, e.g. “Finance systems”."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the skill covers, so people rate the same thing."),
    )
    level_words = models.JSONField(
        _("level words for this skill"),
        default=dict,
        blank=True,
        help_text=_(
            "Optional: what a level means for this skill in particular, replacing the general "
            "words for that level (e.g. level 3 of the permitting system: “processes a permit "
            "from application to issue on their own”)."
        ),
    )
    source_key = models.CharField(
        _("starter catalog key"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("The skill of the starter catalog this one was copied from, if any."),
    )

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("skill")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="skills_skill_unique_name",
                violation_error_message=_("The catalog already has a skill with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def levels(self) -> list[tuple[int, str, str]]:
        from .catalog import level_words

        return level_words(self.level_words)


class JobRole(OrgOwnedModel, VersionedModel):
    name = models.CharField(
        _("job role"),
        max_length=120,
        help_text=_("A kind of job, e.g. “Accounts payable clerk” or “Permit technician”."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What people in this role do.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("job role")
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                name="skills_jobrole_unique_name",
                violation_error_message=_("There is already a job role with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class StaffPerson(OrgOwnedModel, VersionedModel):
    """A member of staff whose skills are assessed; not necessarily a CivicShift user."""

    name = models.CharField(_("name"), max_length=150, help_text=_("The person's full name."))
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("Where they work; the heat map groups people by department."),
    )
    job_role = models.ForeignKey(
        JobRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("job role"),
        help_text=_("Their role decides which skills an initiative requires of them."),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("CivicShift account"),
        help_text=_("Optional: the person's own account here, if they have one."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.name


class RoleRequirement(OrgOwnedModel, VersionedModel):
    """An initiative needs people in a job role to reach a level in a skill."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="skill_requirements"
    )
    job_role = models.ForeignKey(
        JobRole,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("job role"),
        help_text=_("Everyone in this role needs the skill."),
    )
    skill = models.ForeignKey(
        Skill,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("skill"),
    )
    level = models.PositiveSmallIntegerField(
        _("level needed"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 aware, 2 can do it with help, 3 independent, 4 can teach others."),
    )

    class Meta:
        ordering = ["job_role__name", "skill__name"]
        verbose_name = _("role requirement")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "job_role", "skill"],
                name="skills_requirement_unique",
                violation_error_message=_("This role already has a level set for this skill."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_role}: {self.skill} ≥ {self.level}"


class AssessmentSource(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SELF = "self", _("Self-assessment")


class Assessment(OrgOwnedModel, VersionedModel):
    """A person's level in a skill, as their manager or they themselves see it. One of each
    per person and skill: a new rating replaces the old one (the history keeps it)."""

    person = models.ForeignKey(StaffPerson, on_delete=models.CASCADE, related_name="assessments")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="assessments")
    source = models.CharField(
        _("who rated it"),
        max_length=8,
        choices=AssessmentSource.choices,
        help_text=_("The manager's rating counts when there is one; else the person's own."),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=LEVEL_VALIDATORS,
        help_text=_("0 none, 1 aware, 2 can do it with help, 3 independent, 4 can teach others."),
    )
    assessed_on = models.DateField(_("date"), help_text=_("When the rating was given."))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["person__name", "skill__name", "source"]
        verbose_name = _("skill assessment")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill", "source"], name="skills_assessment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill}: {self.level}"


class SelfAssessmentLink(FeedToken):
    """The address a person opens, without signing in, to rate their own required skills.
    Only the hash of its key is stored; making a new one stops the old one."""

    key_prefix = "css_"
    person = models.ForeignKey(
        StaffPerson, on_delete=models.CASCADE, related_name="self_links", editable=False
    )

    class Meta(FeedToken.Meta):
        verbose_name = _("self-assessment link")


class CourseKind(models.TextChoices):
    VENDOR = "vendor", _("Vendor training")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train-the-trainer")
    ELEARNING = "elearning", _("E-learning")
    CLASSROOM = "classroom", _("Classroom")
    COACHING = "coaching", _("Coaching")


class Course(OrgOwnedModel, VersionedModel):
    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="training_courses"
    )
    name = models.CharField(_("course"), max_length=150, help_text=_("What the course is called."))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=CourseKind.choices,
        default=CourseKind.CLASSROOM,
        help_text=_("How it is taught."),
    )
    skill = models.ForeignKey(
        Skill,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("skill it teaches"),
        help_text=_("People short of this skill are suggested for the course's sessions."),
    )
    hours_per_person = models.DecimalField(
        _("hours per person"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Time each attendee spends in the course: the hours someone must cover."),
    )
    cost_per_seat = models.DecimalField(
        _("cost per seat"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("What the course costs for each person who attends."),
    )
    fixed_cost = models.DecimalField(
        _("fixed cost"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("What it costs however many attend (trainer's fee, materials, licence)."),
    )
    seats = models.PositiveIntegerField(
        _("planned seats"),
        default=0,
        help_text=_(
            "How many people are planned to take it. Once people are enrolled, the cost counts "
            "the enrolled people instead."
        ),
    )
    provider = models.CharField(
        _("provider"), max_length=150, blank=True, help_text=_("Who delivers it.")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("course")
        constraints = [
            models.UniqueConstraint(
                "initiative",
                Lower("name"),
                name="skills_course_unique_name",
                violation_error_message=_(
                    "This training plan already has a course with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(OrgOwnedModel, VersionedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_on = models.DateField(_("date"), help_text=_("The day the session takes place."))
    start_time = models.TimeField(
        _("start time"), help_text=_("When it begins, in the town's local time.")
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("How long the session lasts; the plan task gets this duration."),
    )
    seats = models.PositiveIntegerField(
        _("seats"), default=0, help_text=_("How many people the room or licence allows.")
    )
    trainer = models.CharField(_("trainer"), max_length=150, blank=True)
    location = models.CharField(
        _("location"), max_length=150, blank=True, help_text=_("A room, or “online”.")
    )
    task = models.ForeignKey(
        "plans.PlanTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("plan task"),
        help_text=_("The task of the initiative's plan made from this session."),
    )

    class Meta:
        ordering = ["starts_on", "start_time", "id"]
        verbose_name = _("training session")

    def __str__(self) -> str:
        return f"{self.course} · {self.starts_on:%Y-%m-%d}"


class Enrolment(OrgOwnedModel, VersionedModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(StaffPerson, on_delete=models.CASCADE, related_name="enrolments")
    completed = models.BooleanField(
        _("completed"), default=False, help_text=_("The person finished the session.")
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, help_text=_("The day they finished it.")
    )

    class Meta:
        ordering = ["person__name", "id"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="skills_enrolment_unique",
                violation_error_message=_("This person is already enrolled in this session."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"


class TrainingCaseLine(OrgOwnedModel):
    """A business-case line the training plan added, so adding again replaces it."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="+"
    )
    line = models.OneToOneField(
        "cases.CaseLine", on_delete=models.CASCADE, related_name="+", editable=False
    )
    part = models.CharField(
        _("part"), max_length=10, help_text=_("“training” (course costs) or “backfill”.")
    )
    hourly_rate = models.DecimalField(
        _("loaded hourly rate"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The rate the backfill hours were valued at when the line was added."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("training line of the business case")

    def __str__(self) -> str:
        return f"{self.part}: {self.line_id}"
