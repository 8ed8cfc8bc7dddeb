from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="list"),
    path("new/", views.InitiativeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="delete"),
    path("<int:pk>/status/", views.InitiativeStatusView.as_view(), name="status"),
    path("<int:pk>/<slug:module>/", views.InitiativeModuleView.as_view(), name="module"),
]
