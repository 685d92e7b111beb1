"""Single sign-on pages: starting a login at the host's identity provider and its return.

Both answer 404 while single sign-on is off, so an instance without it shows no trace of it.
"""

import time
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import oidc, throttle
from core.problem import problem_page
from core.redirects import safe_next_url

RECONFIRM_KEY = "_duet_reconfirm"  # state of each "confirm it's you" round trip -> who asked


def _login_problem(request, problem: str, heading: str, status: int):
    return problem_page(
        request,
        problem,
        heading=heading,
        title=_("Logging in"),
        back_url=reverse("accounts:login"),
        back_label=_("Back to logging in"),
        status=status,
    )


def _provider_unreachable(request):
    name = oidc.provider_name()
    return _login_problem(
        request,
        _(
            "I couldn't reach %(provider)s just now, so logging in through it has to wait. "
            "Would you try again in a few minutes?"
        )
        % {"provider": name},
        _("Logging in has to wait"),
        503,
    )


def _refused(request):
    """A return that doesn't belong to a login started in this browser (state, nonce, token)."""
    return _login_problem(
        request,
        _(
            "I couldn't finish logging you in through %(provider)s: the answer that came back "
            "doesn't belong to a login started in this browser. Would you start again?"
        )
        % {"provider": oidc.provider_name()},
        _("Let's start again"),
        400,
    )


class _Enabled:
    def dispatch(self, request, *args, **kwargs):
        if not oidc.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class LoginStart(_Enabled, OIDCAuthenticationRequestView):
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoint is looked up per request, not at start

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.endpoints()["authorization_endpoint"]
        except oidc.ProviderUnavailable:
            return _provider_unreachable(request)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class ConfirmStart(LoginStart):
    """The "confirm it's you" round trip: a login's, asking the provider for a fresh sign-in.

    A link, like the login button: the site's CSP (form-action 'self') stops a form from
    redirecting the browser to the provider. Following it only asks the provider; the step
    it confirms still needs the person's own posted form.
    """

    def get(self, request):
        if oidc.link_for(request.user) is None:
            raise Http404
        back = safe_next_url(request, reverse("accounts:profile"))
        try:
            oidc.endpoints()
        except oidc.ProviderUnavailable:
            return problem_page(
                request,
                _(
                    "I couldn't reach %(provider)s just now, so confirming it's you has to "
                    "wait. Would you try again in a few minutes?"
                )
                % {"provider": oidc.provider_name()},
                heading=_("Confirming has to wait"),
                title=_("Confirm it's you"),
                back_url=back,
                back_label=_("Back"),
                status=503,
            )
        response = super().get(request)
        request.session.pop("oidc_login_next", None)
        state = parse_qs(urlsplit(response.get("Location", "")).query).get("state")
        if response.status_code == 302 and state:
            asked = request.session.get(RECONFIRM_KEY, {})
            asked[state[0]] = {"user": request.user.pk, "at": time.time(), "next": back}
            request.session[RECONFIRM_KEY] = asked
        return response

    def get_extra_params(self, request):
        return {"prompt": "login", "max_age": "0"}


class LoginCallback(_Enabled, OIDCAuthenticationCallbackView):
    """The provider's answer: the library checks it, `accounts.oidc` decides whose account.

    An answer to "confirm it's you" (ConfirmStart) logs no one in: it marks this session as
    confirmed for the person who asked, or says why not.
    """

    def get(self, request):
        self.reconfirm = request.session.get(RECONFIRM_KEY, {}).pop(request.GET.get("state"), None)
        if self.reconfirm is not None:
            request.session.modified = True
            request.duet_reconfirm = self.reconfirm
        if "error" in request.GET:
            # Cancelled or refused at the provider. The library would also log out whoever is
            # logged in here, which would let any page log a person out with a link.
            request.session.get("oidc_states", {}).pop(request.GET.get("state"), None)
            request.session.modified = True
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation:
            return _refused(request)
        except (requests.RequestException, oidc.ProviderUnavailable):
            return _provider_unreachable(request)

    def login_failure(self):
        refusal = getattr(self.request, "sso_refusal", None)
        if self.reconfirm is not None:
            messages.error(
                self.request,
                refusal
                or _("Confirming it's you at %(provider)s didn't finish. Would you try again?")
                % {"provider": oidc.provider_name()},
            )
            return redirect(self.reconfirm["next"])
        messages.error(
            self.request,
            refusal
            or _("Logging in through %(provider)s didn't finish. Would you try again?")
            % {"provider": oidc.provider_name()},
        )
        return redirect("accounts:login")

    def login_success(self):
        if self.reconfirm is not None:
            if self.request.user.pk != self.user.pk:  # logged out and in as someone else since
                return self.login_failure()
            oidc.mark_confirmed(self.request, self.user)
            messages.success(
                self.request,
                _(
                    "Thank you: %(provider)s confirmed it's you. For the next five minutes, "
                    "that's all this step needs."
                )
                % {"provider": oidc.provider_name()},
            )
            return redirect(self.reconfirm["next"])
        response = super().login_success()
        throttle.remember_device(response, self.user)
        return response


login_start = never_cache(LoginStart.as_view())
login_callback = never_cache(LoginCallback.as_view())
confirm_start = never_cache(ConfirmStart.as_view())


def passwords_off(request):
    """Password reset and its links while the host has switched password login off."""
    if oidc.enabled():
        problem = _(
            "Passwords aren't used to log in to this Duet, so there's none to reset. "
            "Would you log in with %(provider)s instead?"
        ) % {"provider": oidc.provider_name()}
    else:
        problem = _(
            "Passwords aren't used to log in to this Duet, so there's none to reset. "
            "Your host's own sign-in page lets you in."
        )
    return problem_page(
        request,
        problem,
        heading=_("No password needed here"),
        title=_("Reset password"),
        back_url=reverse("accounts:login"),
        back_label=_("Back to logging in"),
        status=200 if request.method == "GET" else 403,
    )
