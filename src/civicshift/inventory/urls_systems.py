"""The systems list, a system's pages, its components, assessment, risks and reviews
(under /o/<org>/systems/)."""

from django.urls import path

from . import views_care, views_systems

urlpatterns = [
    path("", views_systems.SystemListView.as_view(), name="list"),
    path("new/", views_systems.SystemCreateView.as_view(), name="create"),
    path("reviews/", views_care.ReviewsView.as_view(), name="reviews"),
    path("<int:pk>/", views_systems.SystemDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views_systems.SystemUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views_systems.SystemDeleteView.as_view(), name="delete"),
    path("<int:pk>/assess/", views_care.AssessmentView.as_view(), name="assess"),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/edit/",
        views_care.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/delete/",
        views_care.AssessmentDeleteView.as_view(),
        name="assessment_delete",
    ),
    path("<int:pk>/risks/accept/", views_care.RiskAcceptView.as_view(), name="risk_accept"),
    path(
        "<int:pk>/risks/<int:acceptance_pk>/withdraw/",
        views_care.RiskWithdrawView.as_view(),
        name="risk_withdraw",
    ),
    path("<int:pk>/review/request/", views_care.ReviewRequestView.as_view(), name="review_request"),
    path("<int:pk>/review/done/", views_care.MarkReviewedView.as_view(), name="mark_reviewed"),
    path("components/", views_systems.ComponentListView.as_view(), name="component_list"),
    path("components/new/", views_systems.ComponentCreateView.as_view(), name="component_create"),
    path(
        "components/<int:pk>/",
        views_systems.ComponentDetailView.as_view(),
        name="component_detail",
    ),
    path(
        "components/<int:pk>/edit/",
        views_systems.ComponentUpdateView.as_view(),
        name="component_edit",
    ),
    path(
        "components/<int:pk>/delete/",
        views_systems.ComponentDeleteView.as_view(),
        name="component_delete",
    ),
]
