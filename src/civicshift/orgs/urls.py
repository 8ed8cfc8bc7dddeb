from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", views.DepartmentCreateView.as_view(), name="department_create"),
    path(
        "departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department_edit"
    ),
    path(
        "departments/<int:pk>/delete/",
        views.DepartmentDeleteView.as_view(),
        name="department_delete",
    ),
    path("goals/", views.GoalListView.as_view(), name="goal_list"),
    path("goals/new/", views.GoalCreateView.as_view(), name="goal_create"),
    path("goals/<int:pk>/edit/", views.GoalUpdateView.as_view(), name="goal_edit"),
    path("goals/<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("members/invite/", views.MemberInviteView.as_view(), name="member_invite"),
    path("members/<int:pk>/role/", views.MemberRoleView.as_view(), name="member_role"),
    path("members/<int:pk>/remove/", views.MemberRemoveView.as_view(), name="member_remove"),
    path(
        "invitations/<int:pk>/revoke/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
]
