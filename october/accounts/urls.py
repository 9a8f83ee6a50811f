"""Reader accounts under /accounts/, and "Join us" under /join/."""

from django.urls import include, path

from october.accounts import views

account_patterns = [
    path("signup/", views.SignupView.as_view(), name="signup"),
    path("signup/done/", views.SignupDoneView.as_view(), name="signup_done"),
    path(
        "confirm/resend/",
        views.EmailConfirmResendView.as_view(),
        name="email_confirm_resend",
    ),
    path(
        "confirm/<str:token>/", views.EmailConfirmView.as_view(), name="email_confirm"
    ),
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("settings/", views.AccountSettingsView.as_view(), name="account_settings"),
    path("settings/profile/", views.ProfileSettingsView.as_view(), name="profile_edit"),
    path("settings/email/", views.EmailChangeView.as_view(), name="email_change"),
    path(
        "settings/email/<str:token>/",
        views.EmailChangeConfirmView.as_view(),
        name="email_change_confirm",
    ),
    path("settings/data/", views.AccountDataView.as_view(), name="account_data"),
    path("settings/delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("", include("django.contrib.auth.urls")),
]

join_patterns = [
    path("", views.JoinView.as_view(), name="join"),
    path("thanks/", views.JoinThanksView.as_view(), name="join_thanks"),
]
