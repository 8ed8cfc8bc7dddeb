"""The survey's public address, outside /o/<org>/: the token names the survey."""

from django.urls import path

from . import views_public

app_name = "surveys_public"
urlpatterns = [
    path("<str:token>/", views_public.AnswerView.as_view(), name="answer"),
    path("<str:token>/thanks/", views_public.ThanksView.as_view(), name="thanks"),
]
