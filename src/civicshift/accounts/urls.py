from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_verify, name="login_verify"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password-reset/", views.ResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("security/", views.security, name="security"),
    path("two-factor/", views.two_factor_setup, name="two_factor"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
