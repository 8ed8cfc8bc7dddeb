"""The funding mix of an initiative, under /o/<org>/initiatives/<pk>/funding/mix/."""

from django.urls import path

from . import views_mix as views

urlpatterns = [
    path("", views.MixView.as_view(), name="mix"),
    path("add/", views.MixLineCreateView.as_view(), name="mix_line_create"),
    path("<int:line>/edit/", views.MixLineEditView.as_view(), name="mix_line_edit"),
    path("<int:line>/delete/", views.MixLineDeleteView.as_view(), name="mix_line_delete"),
    path("calculator/", views.CalculatorView.as_view(), name="mix_calculator"),
    path("calculator/add/", views.CalculatorAddView.as_view(), name="mix_calculator_add"),
]
