from contextlib import suppress
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from accounts import throttle
from accounts.forms import ProfileForm, SignupForm
from accounts.signup import confirm_signup, start_signup, user_for_link
from audit.log import client_ip
from core.form_page import form_page, posted
from core.redirects import safe_next_url

MAIL_DOWN_MESSAGE = (
    "I couldn't send the email that finishes signing up just now, so nothing was saved. "
    "Would you try again in a few minutes?"
)


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect(safe_next_url(request))
    next_url = safe_next_url(request, "")
    form = SignupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        refused = throttle.allow_email("signup", form.cleaned_data["email"], client_ip(request))
        if refused == "address":
            form.add_error(None, throttle.EMAILS_PAUSED_MESSAGE)
            return render(
                request, "accounts/signup.html", {"form": form, "next": next_url}, status=429
            )
        try:
            if not refused:
                # IntegrityError: the same address signed up a moment ago; its email is sent.
                with suppress(IntegrityError):
                    start_signup(form, next_url)
        except (OSError, SMTPException):
            # Either email failed alike, so this says nothing about who is registered.
            form.add_error(None, MAIL_DOWN_MESSAGE)
            return render(
                request, "accounts/signup.html", {"form": form, "next": next_url}, status=503
            )
        # The same answer whether or not the address has an account: the email tells.
        return redirect("accounts:signup_sent")
    return form_page(request, "accounts/signup.html", form, {"next": next_url})


def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@sensitive_variables("token")
def signup_confirm(request, uidb64: str, token: str):
    """The emailed link: a button finishes the account (link scanners only GET)."""
    user = user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        confirm_signup(user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Duet.")
        response = redirect(safe_next_url(request))
        throttle.remember_device(response, user)
        return response
    return render(request, "accounts/signup_confirm.html", {"next": safe_next_url(request, "")})


@login_required
def profile(request):
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:profile")
    return form_page(request, "accounts/profile.html", form)
