"""Logging in (with throttling and the optional second step), sessions and two-step login."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import oidc, sessions, sso_views, throttle, twofactor
from accounts.forms import (
    CodeForm,
    ConfirmTwoFactorForm,
    EmailAuthenticationForm,
    PasswordConfirmForm,
    PersonalPasswordResetForm,
)
from accounts.models import SessionRecord, TwoFactor, User
from audit.log import client_ip, record
from audit.models import AuditEvent
from core.form_page import form_page, posted
from core.redirects import safe_next_url

PENDING_KEY = "_duet_pending_login"
PENDING_SECONDS = 300


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = safe_next_url(request, "")
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    if not settings.PASSWORD_LOGIN:
        return _single_sign_on_only(request, next_url)
    form = EmailAuthenticationForm(request, data=posted(request))
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if twofactor.is_enabled(user):
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": next_url,
            }
            return redirect("accounts:login_code")
        login(request, user)
        response = redirect(next_url or "home")
        throttle.remember_device(response, user)
        return response
    status = 400 if form.errors else 200
    email = request.POST.get("username", "")
    if request.method == "POST" and throttle.is_locked(
        email, client_ip(request), throttle.trusted_device(request, email)
    ):
        form._errors[NON_FIELD_ERRORS] = form.error_class(
            [throttle.locked_message()], error_class="nonfield"
        )
        status = 429
    return render(
        request, "registration/login.html", {"form": form, "next": next_url}, status=status
    )


def _single_sign_on_only(request, next_url: str):
    """The login page while the host has switched password login off: only the button."""
    if request.method == "POST":
        messages.error(
            request,
            _("Passwords aren't used to log in to this Duet. Would you use the button below?"),
        )
    return render(
        request,
        "registration/login.html",
        {"next": next_url, "passwords_off": True},
        status=403 if request.method == "POST" else 200,
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request):
    """The second step: the password was right, now the code from the app."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Let's start again from your email and password."))
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    two_factor = get_object_or_404(TwoFactor, user=user, confirmed_at__isnull=False)
    form = CodeForm(posted(request))
    locked = False
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        address = client_ip(request)
        device = throttle.trusted_device(request, user.email)
        if throttle.is_locked(user.email, address, device):
            form.add_error(None, throttle.locked_message())
            locked = True
        elif twofactor.verify_code(two_factor, code) or _spend_recovery(request, user, code):
            del request.session[PENDING_KEY]
            login(request, user, backend=pending["backend"])
            response = redirect(pending["next"] or "home")
            throttle.remember_device(response, user)
            return response
        else:
            throttle.register_failure(user.email, address, request, device)
            record(AuditEvent.Kind.TWO_FACTOR_FAILED, user=user, request=request)
            form.add_error(
                "code", _("That code didn't match. Would it help to wait for a new one?")
            )
    status = 429 if locked else 400 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form}, status=status)


def _spend_recovery(request, user, code: str) -> bool:
    if not twofactor.use_recovery_code(user, code):
        return False
    record(AuditEvent.Kind.RECOVERY_CODE_USED, user=user, request=request)
    messages.info(request, _("You used a recovery code; each one works only once."))
    return True


class LogoutView(auth_views.LogoutView):
    """Logging out also clears what Duet kept in this browser (a check-in kept offline, the
    service worker and its files): a shared phone keeps nothing of the person after it."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # cycles this session's key
        sessions.follow_new_key(old_key, self.request)
        record(AuditEvent.Kind.PASSWORD_CHANGED, user=self.request.user, request=self.request)
        # The other sessions are already invalid; removing them keeps the list truthful.
        sessions.end_other_sessions(self.request.user, self.request.session.session_key)
        return response


class _PasswordsSwitchedOff:
    """With password login off there is no password to reset: a kind page, nothing sent."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            return sso_views.passwords_off(request)
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(_PasswordsSwitchedOff, auth_views.PasswordResetView):
    """Sends at most a few reset emails per address and per hour to any one email."""

    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = PersonalPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email, address = form.cleaned_data["email"], client_ip(self.request)
        refused = throttle.allow_email("reset", email, address)
        if refused == "address":
            form.add_error(None, throttle.EMAILS_PAUSED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if refused == "email":
            # The same answer as a sent email, so the page never tells who has an account.
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(_PasswordsSwitchedOff, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(AuditEvent.Kind.PASSWORD_RESET, user=form.user, request=self.request)
        # A reset means the old password may be known to someone else: end every session.
        sessions.end_other_sessions(form.user, None)
        # The email proved who this is: a paused account opens again, from this browser.
        throttle.clear_after_reset(form.user.email, client_ip(self.request))
        throttle.remember_device(response, form.user)
        return response


@login_required
def session_list(request):
    current = request.session.session_key
    records = sessions.live_sessions(request.user)
    # Recent security events help a person notice something they didn't do.
    events = AuditEvent.objects.filter(user=request.user)[:10]
    return render(
        request,
        "accounts/sessions.html",
        {"records": records, "current_key": current, "events": events},
    )


@login_required
@require_POST
def session_end(request, record_id: int):
    session_record = get_object_or_404(SessionRecord, pk=record_id, user=request.user)
    if session_record.session_key == request.session.session_key:
        messages.info(request, _("This is the session you are using; the Log out button ends it."))
        return redirect("accounts:sessions")
    sessions.end_session(session_record)
    record(AuditEvent.Kind.SESSION_REVOKED, user=request.user, request=request, detail="one")
    messages.success(request, _("That session is logged out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end_others(request):
    count = sessions.end_other_sessions(request.user, request.session.session_key)
    record(AuditEvent.Kind.SESSION_REVOKED, user=request.user, request=request, detail=f"{count}")
    messages.success(request, _("Every other session is logged out."))
    return redirect("accounts:sessions")


@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request):
    if twofactor.is_enabled(request.user):
        return render(request, "accounts/two_factor.html", _turn_off_context(request))
    if not _guards_login(request.user):
        # Nothing to set up: the code is asked only after a password this account doesn't use.
        status = 400 if request.method == "POST" else 200
        return render(
            request, "accounts/two_factor.html", _login_context(request.user), status=status
        )
    two_factor = twofactor.pending_setup(request.user)
    form = ConfirmTwoFactorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(two_factor, form.cleaned_data["code"])
        if codes:
            record(AuditEvent.Kind.TWO_FACTOR_ON, user=request.user, request=request)
            # Turning it on should not leave an older, single-factor session behind.
            sessions.end_other_sessions(request.user, request.session.session_key)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("code", _("That code didn't match. Is the phone's clock right?"))
    return form_page(
        request,
        "accounts/two_factor.html",
        form,
        {
            "enabled": False,
            "secret": two_factor.secret,
            "uri": twofactor.provisioning_uri(two_factor),
            **_login_context(request.user),
        },
    )


@sensitive_post_parameters("password")
@login_required
@require_POST
def two_factor_disable(request):
    form = PasswordConfirmForm(request, request.POST, auto_id="off-%s")
    if form.is_valid():
        twofactor.disable(request.user)
        record(AuditEvent.Kind.TWO_FACTOR_OFF, user=request.user, request=request)
        messages.success(request, _("Two-step login is off. You can turn it on again any time."))
        return redirect("accounts:profile")
    context = _turn_off_context(request, off_form=form)
    return render(request, "accounts/two_factor.html", context, status=400)


@sensitive_post_parameters("password")
@login_required
@require_POST
def recovery_codes_new(request):
    form = PasswordConfirmForm(request, request.POST)
    if form.is_valid() and twofactor.is_enabled(request.user):
        codes = twofactor.new_recovery_codes(request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    context = _turn_off_context(request)
    return form_page(request, "accounts/two_factor.html", form, {**context, "form": form})


def _turn_off_context(request, off_form=None) -> dict:
    """The page while two-step login is on: one confirmation form for each of its steps."""
    return {
        "enabled": True,
        "form": PasswordConfirmForm(request),
        "off_form": off_form or PasswordConfirmForm(request, auto_id="off-%s"),
        **_login_context(request.user),
    }


def _guards_login(user) -> bool:
    """Duet's own second step is asked only after a password (SSO and proxy logins skip it)."""
    return settings.PASSWORD_LOGIN and user.has_usable_password()


def _login_context(user) -> dict:
    return {
        "guards_login": _guards_login(user),
        "sso": oidc.link_for(user) is not None,
        "provider_name": oidc.provider_name(),
    }
