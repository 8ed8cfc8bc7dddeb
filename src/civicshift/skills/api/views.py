"""The skills module over the API: the catalog, job roles, staff, managers' ratings, courses
and completion of enrolments, and an initiative's gap table. Writes go through the module's
services; rows are fetched through the organization."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from civicshift.api.base import OrgScopedMixin, ServiceWriteMixin
from civicshift.initiatives.models import Initiative
from civicshift.skills import selectors, services, services_training
from civicshift.skills.models import (
    Assessment,
    AssessmentSource,
    Course,
    Enrolment,
    JobRole,
    Skill,
    StaffPerson,
)

from .serializers import (
    SkillGapsSerializer,
    SkillRatingSerializer,
    SkillSerializer,
    SkillsJobRoleSerializer,
    SkillsStaffSerializer,
    TrainingCourseSerializer,
    TrainingEnrolmentSerializer,
)


def _crud_schema(what: str):
    return extend_schema_view(
        list=extend_schema(summary=f"List {what}s"),
        create=extend_schema(summary=f"Add a {what} (editor)"),
        retrieve=extend_schema(summary=f"Read a {what}"),
        update=extend_schema(summary=f"Replace a {what} (editor)"),
        partial_update=extend_schema(summary=f"Change a {what} (editor)"),
        destroy=extend_schema(summary=f"Delete a {what} (editor)"),
    )


@_crud_schema("skill")
@extend_schema(tags=["skills"])
class SkillViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SkillSerializer
    queryset = Skill.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.skills_for(self.organization)

    def service_create(self, data):
        return services.skill_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance, data):
        return services.skill_update(actor=self.request.user, skill=instance, **data)

    def service_delete(self, instance):
        services.skill_delete(actor=self.request.user, skill=instance)


@_crud_schema("job role")
@extend_schema(tags=["skills"])
class JobRoleViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SkillsJobRoleSerializer
    queryset = JobRole.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return JobRole.objects.for_org(self.organization)

    def service_create(self, data):
        return services.job_role_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance, data):
        return services.job_role_update(actor=self.request.user, job_role=instance, **data)

    def service_delete(self, instance):
        services.job_role_delete(actor=self.request.user, job_role=instance)


@_crud_schema("staff member")
@extend_schema(tags=["skills"])
class StaffViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = SkillsStaffSerializer
    queryset = StaffPerson.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return selectors.people_for(self.organization)

    def service_create(self, data):
        return services.person_create(
            actor=self.request.user, organization=self.organization, **data
        )

    def service_update(self, instance, data):
        return services.person_update(actor=self.request.user, person=instance, **data)

    def service_delete(self, instance):
        services.person_delete(actor=self.request.user, person=instance)


@extend_schema_view(
    list=extend_schema(summary="List skill ratings (managers' and self-assessments)"),
    create=extend_schema(
        summary="Record a manager's rating (editor); it replaces that manager rating"
    ),
)
@extend_schema(tags=["skills"])
class AssessmentViewSet(
    ServiceWriteMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = SkillRatingSerializer
    queryset = Assessment.objects.none()

    def scoped_queryset(self):
        return Assessment.objects.for_org(self.organization)

    def service_create(self, data):
        return services.assessment_record(
            actor=self.request.user,
            person=data["person"],
            skill=data["skill"],
            level=data["level"],
            source=AssessmentSource.MANAGER,
            assessed_on=data.get("assessed_on"),
        )


@_crud_schema("training course")
@extend_schema(tags=["skills"])
class CourseViewSet(ServiceWriteMixin, viewsets.ModelViewSet):
    serializer_class = TrainingCourseSerializer
    queryset = Course.objects.none()
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return Course.objects.for_org(self.organization).select_related("skill")

    def service_create(self, data):
        initiative = data.pop("initiative")
        return services_training.course_create(
            actor=self.request.user, initiative=initiative, **data
        )

    def service_update(self, instance, data):
        data.pop("initiative", None)
        return services_training.course_update(actor=self.request.user, course=instance, **data)

    def service_delete(self, instance):
        services_training.course_delete(actor=self.request.user, course=instance)


@extend_schema_view(
    list=extend_schema(summary="List enrolments in training sessions"),
    retrieve=extend_schema(summary="Read an enrolment"),
    partial_update=extend_schema(summary="Mark an enrolment completed or not (editor)"),
)
@extend_schema(tags=["skills"])
class EnrolmentViewSet(
    ServiceWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TrainingEnrolmentSerializer
    queryset = Enrolment.objects.none()
    http_method_names = ["get", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        return Enrolment.objects.for_org(self.organization)

    def service_update(self, instance, data):
        return services_training.enrolment_update(
            actor=self.request.user,
            enrolment=instance,
            completed=data.get("completed", instance.completed),
            completed_on=data.get("completed_on", instance.completed_on),
        )


@extend_schema(
    tags=["skills"],
    summary="An initiative's skills gaps: people × required skills",
    responses=SkillGapsSerializer,
)
class GapsView(OrgScopedMixin, APIView):
    """Each cell: the level needed, the manager's and the self-assessed level, the level that
    counts (the manager's, else the self-assessment) and the gap (needed − counted, ≥ 0; not
    assessed counts as 0)."""

    def get(self, request, org_slug, pk):
        from civicshift.core.skills import counted_level

        self.resolve_organization()
        initiative = get_object_or_404(Initiative.objects.for_org(self.organization), pk=pk)
        hm = selectors.heat_map(initiative)
        summary = hm.summary
        rows = []
        for person, cells in hm.rows:
            rows.append(
                {
                    "person": person.pk,
                    "name": person.name,
                    "department": person.department.name if person.department else None,
                    "cells": [
                        {
                            "skill": skill.pk,
                            "required": cell.required,
                            "manager": rating.get(AssessmentSource.MANAGER),
                            "self_assessed": rating.get(AssessmentSource.SELF),
                            "counted": counted_level(
                                rating.get(AssessmentSource.MANAGER),
                                rating.get(AssessmentSource.SELF),
                            ),
                            "gap": cell.gap,
                        }
                        for skill, cell, rating in cells
                    ],
                }
            )
        body = {
            "skills": [{"id": s.pk, "name": s.name} for s in hm.skills],
            "people": rows,
            "people_short": summary["short"],
            "summary": _("%(short)s of %(people)s people are short of a required skill.")
            % {"short": summary["short"], "people": summary["people"]},
        }
        return Response(SkillGapsSerializer(body).data)
