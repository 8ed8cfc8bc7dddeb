"""The surveys' pages under /o/<org>/: surveys/… and the initiative tab."""

from django.urls import path

from . import views, views_results

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.SurveyListView.as_view(), name="list"),
    path("surveys/new/", views.SurveyCreateView.as_view(), name="create"),
    path("surveys/<int:pk>/", views.SurveyDetailView.as_view(), name="detail"),
    path("surveys/<int:pk>/edit/", views.SurveyUpdateView.as_view(), name="edit"),
    path("surveys/<int:pk>/delete/", views.SurveyDeleteView.as_view(), name="delete"),
    path("surveys/<int:pk>/status/", views.SurveyStatusView.as_view(), name="status"),
    path("surveys/<int:pk>/next-wave/", views.NextWaveView.as_view(), name="next_wave"),
    path("surveys/<int:pk>/bank/", views.BankAddView.as_view(), name="bank_add"),
    path("surveys/<int:pk>/questions/new/", views.ItemCreateView.as_view(), name="item_create"),
    path(
        "surveys/<int:pk>/questions/<int:item>/edit/",
        views.ItemUpdateView.as_view(),
        name="item_edit",
    ),
    path(
        "surveys/<int:pk>/questions/<int:item>/delete/",
        views.ItemDeleteView.as_view(),
        name="item_delete",
    ),
    path("surveys/<int:pk>/codes/", views.CodesCreateView.as_view(), name="codes"),
    path("surveys/<int:pk>/results/", views_results.SurveyResultsView.as_view(), name="results"),
    path("surveys/<int:pk>/export/", views_results.SurveyExportView.as_view(), name="export"),
    path(
        "initiatives/<int:pk>/surveys/",
        views.InitiativeSurveysView.as_view(),
        name="initiative_surveys",
    ),
]
