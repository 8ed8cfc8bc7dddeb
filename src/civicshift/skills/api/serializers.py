"""The skills module over the API. Ids of related rows are scoped to the organization
(anything else: 400 naming the field)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civicshift.initiatives.models import Initiative
from civicshift.orgs.models import Department
from civicshift.skills.models import (
    Assessment,
    AssessmentSource,
    Course,
    CourseKind,
    Enrolment,
    JobRole,
    Skill,
    StaffPerson,
)


class SkillsScopedMixin:
    #: field name → model whose organization's rows it may name
    scoped: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        organization = self.context.get("organization")
        if organization is not None:
            for name, model in self.scoped.items():
                if name in self.fields:
                    self.fields[name].queryset = model.objects.for_org(organization)


class SkillSerializer(serializers.ModelSerializer):
    level_words = serializers.DictField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text=_("Optional words for levels of this skill, by level number ('0' to '4')."),
    )

    class Meta:
        model = Skill
        fields = ["id", "name", "category", "description", "level_words", "source_key"]
        read_only_fields = ["id", "source_key"]

    def validate_level_words(self, value):
        bad = [k for k in value if k not in {"0", "1", "2", "3", "4"}]
        if bad:
            raise serializers.ValidationError(_("Levels are '0' to '4'."))
        return value


class SkillsJobRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobRole
        fields = ["id", "name", "description"]
        read_only_fields = ["id"]


class SkillsStaffSerializer(SkillsScopedMixin, serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.none(), required=False, allow_null=True
    )
    job_role = serializers.PrimaryKeyRelatedField(
        queryset=JobRole.objects.none(), required=False, allow_null=True
    )
    scoped = {"department": Department, "job_role": JobRole}

    class Meta:
        model = StaffPerson
        fields = ["id", "name", "department", "job_role"]
        read_only_fields = ["id"]


class SkillRatingSerializer(SkillsScopedMixin, serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=StaffPerson.objects.none())
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.none())
    source = serializers.ChoiceField(
        choices=AssessmentSource.choices,
        read_only=True,
        help_text=_("Ratings sent through the API are managers' ratings."),
    )
    scoped = {"person": StaffPerson, "skill": Skill}

    class Meta:
        model = Assessment
        fields = ["id", "person", "skill", "source", "level", "assessed_on"]
        read_only_fields = ["id", "source"]
        extra_kwargs = {"assessed_on": {"required": False}}
        validators = []  # one per person, skill and source: a new rating replaces the old


class TrainingCourseSerializer(SkillsScopedMixin, serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.none())
    skill = serializers.PrimaryKeyRelatedField(
        queryset=Skill.objects.none(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=CourseKind.choices)
    scoped = {"initiative": Initiative, "skill": Skill}

    class Meta:
        model = Course
        fields = [
            "id",
            "initiative",
            "name",
            "kind",
            "skill",
            "hours_per_person",
            "cost_per_seat",
            "fixed_cost",
            "seats",
            "provider",
        ]
        read_only_fields = ["id"]
        validators = []

    def validate_initiative(self, value):
        if self.instance is not None and getattr(self.instance, "initiative_id", None) not in (
            None,
            value.pk,
        ):
            raise serializers.ValidationError(_("A course stays in its initiative's plan."))
        return value


class TrainingEnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "session", "person", "completed", "completed_on"]
        read_only_fields = ["id", "session", "person"]


class SkillGapCellSerializer(serializers.Serializer):
    skill = serializers.IntegerField()
    required = serializers.IntegerField(allow_null=True)
    manager = serializers.IntegerField(allow_null=True)
    self_assessed = serializers.IntegerField(allow_null=True)
    counted = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField()


class SkillGapRowSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    cells = SkillGapCellSerializer(many=True)


class SkillGapsSerializer(serializers.Serializer):
    skills = serializers.ListField(child=serializers.DictField())
    people = SkillGapRowSerializer(many=True)
    people_short = serializers.IntegerField()
    summary = serializers.CharField()
