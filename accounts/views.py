from contextlib import suppress
from smtplib import SMTPException

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from accounts import invites, throttle
from accounts.forms import ProfileForm, SignupForm, page_language
from accounts.policy import signup_allowed
from accounts.signup import start_signup, user_for_link
from audit.log import client_ip
from core.form_page import form_page, posted
from core.problem import problem_page
from core.redirects import safe_next_url

MAIL_DOWN_MESSAGE = gettext_lazy(
    "I couldn't send the email that finishes signing up just now, so nothing was saved. "
    "Would you try again in a few minutes?"
)


def _invitation_problem(request, problem: str, status: int):
    return problem_page(
        request,
        problem,
        heading=_("This invitation can't be used"),
        title=_("Invitation"),
        back_url=reverse("accounts:signup"),
        back_label=_("Go to sign-up"),
        status=status,
    )


@sensitive_post_parameters("password1", "password2")
@sensitive_variables("token")
def signup(request, token: str = ""):
    """Sign up, as far as the host's policy lets this person in (accounts/invites.py)."""
    if request.user.is_authenticated:
        return redirect(safe_next_url(request))
    next_url = safe_next_url(request, "")
    invitation = invites.find_invitation(token)
    if token:
        if invitation is None:
            return _invitation_problem(request, invites.UNKNOWN, status=404)
        if problem := invites.why_unusable(invitation):
            return _invitation_problem(request, problem, status=409)
    admitted = invites.admission(invitation, next_url)
    if not settings.PASSWORD_LOGIN:
        # An account made here would have a password nobody can log in with.
        status = 403 if request.method == "POST" else 200
        context = {"next": next_url, "open": signup_allowed()}
        return render(request, "accounts/signup_elsewhere.html", context, status=status)
    if not admitted.admitted:
        # The same page whatever was typed: it never looks at the address.
        status = 403 if request.method == "POST" else 200
        context = {"admission": admitted}
        return render(request, "accounts/signup_closed.html", context, status=status)
    # The language this page is read in (the browser's, accounts/middleware.py) is the
    # account's first language; the form lets the person choose another.
    initial = {"language": page_language()}
    if invitation and invitation.email:
        initial["email"] = invitation.email
    form = SignupForm(posted(request), initial=initial)
    login_href = reverse("accounts:login")
    if next_url:
        login_href += "?" + urlencode({"next": next_url})
    context = {
        "next": next_url,
        "action": request.path,
        "invitation": invitation,
        "login_href": login_href,
    }
    if request.method == "POST" and form.is_valid():
        if invitation and not invites.fits_email(invitation, form.cleaned_data["email"]):
            form.add_error("email", invites.OTHER_EMAIL)
            return form_page(request, "accounts/signup.html", form, context)
        refused = throttle.allow_email("signup", form.cleaned_data["email"], client_ip(request))
        if refused == "address":
            form.add_error(None, throttle.EMAILS_PAUSED_MESSAGE)
            return render(request, "accounts/signup.html", {"form": form, **context}, status=429)
        try:
            if not refused:
                # IntegrityError: the same address signed up a moment ago; its email is sent.
                with suppress(IntegrityError):
                    start_signup(form, next_url, token if invitation else "")
        except (OSError, SMTPException):
            # Either email failed alike, so this says nothing about who is registered.
            form.add_error(None, MAIL_DOWN_MESSAGE)
            return render(request, "accounts/signup.html", {"form": form, **context}, status=503)
        # The same answer whether or not the address has an account: the email tells.
        return redirect("accounts:signup_sent")
    return form_page(request, "accounts/signup.html", form, context)


def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@sensitive_variables("token", "invite")
def signup_confirm(request, uidb64: str, token: str):
    """The emailed link: a button finishes the account (link scanners only GET).

    The host's policy is asked again here: what let the sign-up in must still hold, and a
    host invitation is used up now (accounts/invites.py).
    """
    user = user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=404)
    next_url = safe_next_url(request, "")
    invite = request.POST.get("invite") or request.GET.get("invite") or ""
    invitation = invites.find_invitation(invite)
    if invitation is not None and not invites.fits_email(invitation, user.email):
        invitation = None  # one made for another address is neither used nor spent here
    admitted = invites.admission(invitation, next_url)
    context = {"next": next_url, "invite": invite, "admission": admitted}
    if not admitted.admitted:
        # Used in another tab, withdrawn or expired since: say which, else the policy.
        spent = invitation and invites.why_unusable(invitation)
        context["refused"] = spent or invites.NOT_ADMITTED
        return render(
            request, "accounts/signup_confirm.html", context, status=409 if spent else 403
        )
    if request.method == "POST":
        try:
            invites.finish(user, admitted)
        except invites.SignupRefused as refusal:
            context["refused"] = str(refusal)
            return render(request, "accounts/signup_confirm.html", context, status=409)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if admitted.joins_couple:
            messages.success(request, _("Welcome to Duet. You're now a couple here."))
            response = redirect("couples:home")
        else:
            messages.success(request, _("Welcome to Duet."))
            response = redirect(safe_next_url(request))
        throttle.remember_device(response, user)
        return response
    return render(request, "accounts/signup_confirm.html", context)


@login_required
def profile(request):
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The next page is in the language just chosen, and so is this message.
        translation.activate(request.user.language)
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:profile")
    return form_page(request, "accounts/profile.html", form)
