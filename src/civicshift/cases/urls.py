from django.urls import path

from . import views, views_documents

app_name = "cases"
option = "options/<int:option>/"
urlpatterns = [
    path("", views.CaseDetailView.as_view(), name="detail"),
    path("start/", views.CaseCreateView.as_view(), name="create"),
    path("settings/", views.CaseSettingsView.as_view(), name="settings"),
    path("settings/preview/", views.SettingsPreviewView.as_view(), name="settings_preview"),
    path("narrative/", views.NarrativeView.as_view(), name="narrative"),
    path("runs/", views.RunListView.as_view(), name="runs"),
    path("runs/save/", views.RunSaveView.as_view(), name="run_save"),
    path("runs/<int:run>/", views.RunDetailView.as_view(), name="run"),
    path("runs/<int:run>/reproduce/", views.RunReproduceView.as_view(), name="run_reproduce"),
    path("options/new/", views.OptionCreateView.as_view(), name="option_create"),
    path(option, views.OptionDetailView.as_view(), name="option"),
    path(option + "edit/", views.OptionUpdateView.as_view(), name="option_edit"),
    path(option + "delete/", views.OptionDeleteView.as_view(), name="option_delete"),
    path(option + "duplicate/", views.OptionDuplicateView.as_view(), name="option_duplicate"),
    path(option + "simulate/", views.SimulateView.as_view(), name="simulate"),
    path(option + "preview/", views.LinePreviewView.as_view(), name="line_preview"),
    path(option + "lines/new/", views.LineCreateView.as_view(), name="line_create"),
    path(option + "lines/<int:line>/edit/", views.LineUpdateView.as_view(), name="line_edit"),
    path(option + "lines/<int:line>/delete/", views.LineDeleteView.as_view(), name="line_delete"),
]

# Documents (Word, PDF, Excel model) and the offline template.
urlpatterns += [
    path(f"business-case.{ext}", views_documents.CaseDocumentView.as_view(extension=ext), name=ext)
    for ext in views_documents.DOCUMENT_FORMATS
]
urlpatterns += [
    path(option + "template.xlsx", views_documents.TemplateDownloadView.as_view(), name="template"),
    path(option + "template/upload/", views_documents.TemplateUploadView.as_view(), name="upload"),
]
