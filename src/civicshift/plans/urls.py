"""The plan module's pages: under an initiative (its Plan tab and risk register), the
organization's programme risks, and working calendars."""

from django.urls import path

from . import views_buffer as buffer
from . import views_calendars as cal
from . import views_contingency as contingency
from . import views_export as export
from . import views_feeds as feeds
from . import views_plan as v
from . import views_risks as r

app_name = "plans"

_risk_pages = [
    ("risks/", r.RiskRegisterView, "risks"),
    ("risks/new/", r.RiskCreateView, "risk_create"),
    ("risks/library/", r.RiskLibraryView, "risk_library"),
    ("risks/<int:risk>/", r.RiskEditView, "risk_edit"),
    ("risks/<int:risk>/delete/", r.RiskDeleteView, "risk_delete"),
    ("risks/<int:risk>/occurred/", r.RiskOccurredView, "risk_occurred"),
    ("risks/<int:risk>/actions/", r.RiskActionCreateView, "risk_action_create"),
    ("risks/<int:risk>/actions/<int:action>/delete/", r.RiskActionDeleteView, "risk_action_delete"),
    ("issues/<int:issue>/", r.IssueEditView, "issue_edit"),
]

urlpatterns = [
    path("initiatives/<int:pk>/plan/", v.PlanView.as_view(), name="plan"),
    path("initiatives/<int:pk>/plan/start/", v.PlanCreateView.as_view(), name="plan_create"),
    path("initiatives/<int:pk>/plan/import/", v.PlanImportView.as_view(), name="plan_import"),
    path(
        "initiatives/<int:pk>/plan/template/",
        v.PlanFromTemplateView.as_view(),
        name="plan_from_template",
    ),
    path("initiatives/<int:pk>/plan/settings/", v.PlanEditView.as_view(), name="plan_edit"),
    path("initiatives/<int:pk>/plan/delete/", v.PlanDeleteView.as_view(), name="plan_delete"),
    path("initiatives/<int:pk>/plan/tasks/new/", v.TaskCreateView.as_view(), name="task_create"),
    path("initiatives/<int:pk>/plan/tasks/<int:task>/", v.TaskEditView.as_view(), name="task_edit"),
    path(
        "initiatives/<int:pk>/plan/tasks/<int:task>/delete/",
        v.TaskDeleteView.as_view(),
        name="task_delete",
    ),
    path(
        "initiatives/<int:pk>/plan/tasks/<int:task>/quick/",
        v.TaskQuickEditView.as_view(),
        name="task_quick",
    ),
    path("initiatives/<int:pk>/plan/links/", v.LinkCreateView.as_view(), name="link_create"),
    path(
        "initiatives/<int:pk>/plan/links/<int:link>/delete/",
        v.LinkDeleteView.as_view(),
        name="link_delete",
    ),
    path(
        "initiatives/<int:pk>/plan/baselines/", v.BaselineSaveView.as_view(), name="baseline_save"
    ),
    path("initiatives/<int:pk>/plan/simulate/", v.SimulateView.as_view(), name="simulate"),
    path("initiatives/<int:pk>/plan/health/", v.HealthView.as_view(), name="health"),
    path(
        "initiatives/<int:pk>/plan/contingency/",
        contingency.ContingencyView.as_view(),
        name="contingency",
    ),
    path(
        "initiatives/<int:pk>/plan/buffer/",
        buffer.ScheduleBufferView.as_view(),
        name="schedule_buffer",
    ),
    path(
        "initiatives/<int:pk>/plan/baselines/<int:baseline>/delete/",
        v.BaselineDeleteView.as_view(),
        name="baseline_delete",
    ),
    path(
        "initiatives/<int:pk>/plan/export.<str:fmt>",
        export.PlanExportView.as_view(),
        name="plan_export",
    ),
    path("plans/milestones.ics", export.OrganizationMilestonesView.as_view(), name="milestones"),
    path("plans/calendar-feed/", feeds.FeedSettingsView.as_view(), name="feed_settings"),
    path("plans/calendar-feed/new/", feeds.FeedTokenCreateView.as_view(), name="feed_create"),
    path("plans/calendar-feed/revoke/", feeds.FeedTokenRevokeView.as_view(), name="feed_revoke"),
    *[path(f"initiatives/<int:pk>/plan/{p}", view.as_view(), name=n) for p, view, n in _risk_pages],
    *[path(p, view.as_view(), name=f"org_{n}") for p, view, n in _risk_pages],
    path("calendars/", cal.CalendarListView.as_view(), name="calendar_list"),
    path("calendars/new/", cal.CalendarCreateView.as_view(), name="calendar_create"),
    path("calendars/<int:pk>/edit/", cal.CalendarUpdateView.as_view(), name="calendar_edit"),
    path("calendars/<int:pk>/delete/", cal.CalendarDeleteView.as_view(), name="calendar_delete"),
    path(
        "calendars/<int:pk>/exceptions/",
        cal.CalendarExceptionCreateView.as_view(),
        name="calendar_exception_create",
    ),
    path(
        "calendars/<int:pk>/exceptions/<int:exception>/delete/",
        cal.CalendarExceptionDeleteView.as_view(),
        name="calendar_exception_delete",
    ),
]
