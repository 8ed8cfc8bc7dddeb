from django.urls import path

from . import views, views_award, views_case, views_panel, views_records
from . import views_registry as registry

app_name = "vendors"
E = "evaluations/<int:pk>/"
urlpatterns = [
    path("", registry.VendorListView.as_view(), name="vendor_list"),
    path("new/", registry.VendorCreateView.as_view(), name="vendor_create"),
    path("<int:pk>/", registry.VendorDetailView.as_view(), name="vendor_detail"),
    path("<int:pk>/edit/", registry.VendorUpdateView.as_view(), name="vendor_edit"),
    path("<int:pk>/delete/", registry.VendorDeleteView.as_view(), name="vendor_delete"),
    path("<int:pk>/<slug:kind>/new/", registry.VendorItemCreateView.as_view(), name="item_create"),
    path(
        "<int:pk>/<slug:kind>/<int:item>/delete/",
        registry.VendorItemDeleteView.as_view(),
        name="item_delete",
    ),
    # One initiative's evaluations (the hub's "Vendors" tab).
    path(
        "initiatives/<int:pk>/",
        views.InitiativeEvaluationsView.as_view(),
        name="initiative_evaluations",
    ),
    path(
        "initiatives/<int:pk>/new/", views.EvaluationCreateView.as_view(), name="evaluation_create"
    ),
    path(E, views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path(E + "edit/", views.EvaluationUpdateView.as_view(), name="evaluation_edit"),
    path(E + "milestones/", views.MilestoneSetView.as_view(), name="milestone_set"),
    path(
        E + "milestones/<int:milestone>/plan/",
        views.MilestoneTaskView.as_view(),
        name="milestone_task",
    ),
    path(E + "proposals/new/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path(
        E + "proposals/<int:proposal>/documents/",
        views.DocumentUploadView.as_view(),
        name="document_upload",
    ),
    path(
        E + "documents/<int:document>/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(E + "criteria/new/", views.CriterionCreateView.as_view(), name="criterion_create"),
    path(E + "criteria/starter/", views.StarterCriteriaView.as_view(), name="criteria_starter"),
    path(E + "weights/", views.WeightsView.as_view(), name="weights"),
    path(E + "panel/", views.PanelAddView.as_view(), name="panel_add"),
    path(E + "open/", views.ProposalsOpenView.as_view(), name="proposals_open"),
    path(E + "declare/", views_panel.DeclareView.as_view(), name="declare"),
    path(E + "compare/", views_panel.JudgmentsView.as_view(), name="judgments"),
    path(E + "my-scores/", views_panel.ScoreSheetView.as_view(), name="score_sheet"),
    path(E + "submit/", views_panel.SubmitView.as_view(), name="submit"),
    path(E + "consensus/", views_panel.ConsensusView.as_view(), name="consensus"),
    path(E + "ranking/", views_panel.RankingView.as_view(), name="ranking"),
    path(
        E + "proposals/<int:proposal>/diligence/",
        views_panel.DiligenceView.as_view(),
        name="diligence",
    ),
    path(E + "score-sheets.xlsx", views_records.ScoreWorkbookView.as_view(), name="score_workbook"),
    path(E + "public-record/", views_records.PublicRecordView.as_view(), name="public_record"),
    path(E + "business-case/", views_case.CaseLinesView.as_view(), name="case_lines"),
    path(E + "award/", views_award.AwardView.as_view(), name="award"),
    *(
        path(
            f"{E}award-memo.{ext}",
            views_award.AwardMemoView.as_view(extension=ext),
            name=f"award_memo_{ext}",
        )
        for ext in views_award.MEMO_FORMATS
    ),
]
