from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import security_views, sso_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/invite/<str:token>/", views.signup, name="signup_invite"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", security_views.login_view, name="login"),
    path("login/code/", security_views.login_code, name="login_code"),
    # Single sign-on (accounts/oidc.py): 404 while DUET_OIDC_ISSUER is unset.
    path("oidc/login/", sso_views.login_start, name="oidc_login"),
    path("oidc/callback/", sso_views.login_callback, name="oidc_callback"),
    path("oidc/confirm/", sso_views.confirm_start, name="oidc_confirm"),
    path("logout/", security_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.profile, name="profile"),
    path("settings/sessions/", security_views.session_list, name="sessions"),
    path("settings/sessions/<int:record_id>/end/", security_views.session_end, name="session_end"),
    path(
        "settings/sessions/end-others/",
        security_views.session_end_others,
        name="session_end_others",
    ),
    path("settings/two-step/", security_views.two_factor_setup, name="two_factor"),
    path("settings/two-step/off/", security_views.two_factor_disable, name="two_factor_disable"),
    path(
        "settings/two-step/recovery-codes/",
        security_views.recovery_codes_new,
        name="recovery_codes_new",
    ),
    path("password/change/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", security_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
