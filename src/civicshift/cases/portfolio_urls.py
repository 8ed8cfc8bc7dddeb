"""The organization's portfolio roll-up (``/o/<slug>/portfolio/``): the business cases'
recommended options side by side, and their xlsx download."""

from django.urls import path

from . import views_portfolio

app_name = "portfolio"
urlpatterns = [
    path("", views_portfolio.PortfolioView.as_view(), name="table"),
    path("portfolio.xlsx", views_portfolio.PortfolioDownloadView.as_view(), name="xlsx"),
]
