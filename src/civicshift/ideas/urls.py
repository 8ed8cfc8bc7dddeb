from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.IdeaListView.as_view(), name="list"),
    path("new/", views.IdeaCreateView.as_view(), name="create"),
    path("mine/", views.MyIdeasView.as_view(), name="mine"),
    path("<int:pk>/", views.IdeaDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.IdeaUpdateView.as_view(), name="edit"),
    path("<int:pk>/support/", views.SupportToggleView.as_view(), name="support"),
    path("<int:pk>/comment/", views.CommentCreateView.as_view(), name="comment"),
    path(
        "<int:pk>/comments/<int:comment>/hide/",
        views.CommentHideView.as_view(),
        name="comment_hide",
    ),
    path("<int:pk>/respond/", views.RespondView.as_view(), name="respond"),
    path("<int:pk>/promote/", views.PromoteView.as_view(), name="promote"),
    path(
        "from-initiative/<int:pk>/",
        views.InitiativeOriginView.as_view(),
        name="initiative_origin",
    ),
]
