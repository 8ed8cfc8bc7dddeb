"""The skills module's pages: the organization's catalog, roles and staff under
/o/<org>/skills/, one tab per initiative under /o/<org>/initiatives/<pk>/skills/, and the
self-assessment page a person opens from their own link (the key names the organization)."""

from django.urls import include, path

from . import views_case, views_catalog, views_initiative, views_self, views_training

app_name = "skills"

catalog = [
    path("", views_catalog.SkillListView.as_view(), name="skill_list"),
    path("new/", views_catalog.SkillCreateView.as_view(), name="skill_create"),
    path("starter/", views_catalog.StarterLoadView.as_view(), name="starter_load"),
    path("<int:pk>/edit/", views_catalog.SkillUpdateView.as_view(), name="skill_edit"),
    path("<int:pk>/delete/", views_catalog.SkillDeleteView.as_view(), name="skill_delete"),
    path("roles/", views_catalog.JobRoleListView.as_view(), name="jobrole_list"),
    path("roles/new/", views_catalog.JobRoleCreateView.as_view(), name="jobrole_create"),
    path("roles/<int:pk>/edit/", views_catalog.JobRoleUpdateView.as_view(), name="jobrole_edit"),
    path(
        "roles/<int:pk>/delete/", views_catalog.JobRoleDeleteView.as_view(), name="jobrole_delete"
    ),
    path("staff/", views_catalog.PersonListView.as_view(), name="person_list"),
    path("staff/new/", views_catalog.PersonCreateView.as_view(), name="person_create"),
    path("staff/<int:pk>/", views_catalog.PersonDetailView.as_view(), name="person_detail"),
    path("staff/<int:pk>/edit/", views_catalog.PersonUpdateView.as_view(), name="person_edit"),
    path("staff/<int:pk>/delete/", views_catalog.PersonDeleteView.as_view(), name="person_delete"),
    path("staff/<int:pk>/link/", views_catalog.PersonLinkCreateView.as_view(), name="person_link"),
    path(
        "staff/<int:pk>/link/revoke/",
        views_catalog.PersonLinkRevokeView.as_view(),
        name="person_link_revoke",
    ),
]

initiative = [
    path("", views_initiative.SkillsTabView.as_view(), name="initiative"),
    path("requirements/", views_initiative.RequirementSetView.as_view(), name="requirement_set"),
    path(
        "requirements/<int:requirement>/delete/",
        views_initiative.RequirementDeleteView.as_view(),
        name="requirement_delete",
    ),
    path("assess/<int:person>/", views_initiative.AssessView.as_view(), name="assess"),
    path("training/", views_training.TrainingPlanView.as_view(), name="training"),
    path("training/new/", views_training.CourseCreateView.as_view(), name="course_create"),
    path(
        "training/<int:course>/edit/",
        views_training.CourseUpdateView.as_view(),
        name="course_edit",
    ),
    path(
        "training/<int:course>/delete/",
        views_training.CourseDeleteView.as_view(),
        name="course_delete",
    ),
    path(
        "training/<int:course>/sessions/new/",
        views_training.SessionCreateView.as_view(),
        name="session_create",
    ),
    path(
        "sessions/<int:session>/edit/",
        views_training.SessionUpdateView.as_view(),
        name="session_edit",
    ),
    path(
        "sessions/<int:session>/delete/",
        views_training.SessionDeleteView.as_view(),
        name="session_delete",
    ),
    path("sessions/<int:session>/enrol/", views_training.EnrolView.as_view(), name="enrol"),
    path(
        "sessions/<int:session>/enrolments/<int:enrolment>/",
        views_training.CompletionView.as_view(),
        name="completion",
    ),
    path("business-case/", views_case.TrainingLinesView.as_view(), name="case_lines"),
    path("plan-tasks/", views_case.SessionTasksView.as_view(), name="plan_tasks"),
]

urlpatterns = [
    path("o/<slug:org_slug>/skills/", include(catalog)),
    path("o/<slug:org_slug>/initiatives/<int:pk>/skills/", include(initiative)),
    path("self-assessment/<str:key>/", views_self.SelfAssessView.as_view(), name="self_assess"),
]
