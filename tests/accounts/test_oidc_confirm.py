"""Confirming it's you without a password: a fresh sign-in at the real provider (tests/oidc.py)
for single sign-on accounts, the typed email for proxy-login accounts (accounts/forms.py)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts import twofactor
from accounts.models import SingleSignOnLink, User
from tests.accounts import test_oidc
from tests.accounts.test_oidc import logged_in_as
from tests.accounts.test_two_factor import turn_on
from tests.datarights import test_delete
from tests.datarights.test_delete import assert_deleted_as_promised
from tests.factories import PASSWORD, UserFactory
from tests.oidc import sign_in, with_param

pytestmark = pytest.mark.django_db

# The same fixtures as single sign-on's and deletion's own tests: the provider, and lives.
provider, sso, lives = test_oidc.provider, test_oidc.sso, test_delete.lives

MY_DATA = "/my-data/"
CALLBACK = "http://testserver/accounts/oidc/callback/"


def without_password(user, sso=None, subject: str = "ana") -> User:
    """`user` as single sign-on (or, without `sso`, the proxy) made it: no usable password."""
    user.set_unusable_password()
    user.save()
    if sso is not None:
        SingleSignOnLink.objects.create(user=user, issuer=sso.issuer, subject=subject)
    return user


def confirm_at_provider(client, provider, login: str, page: str = MY_DATA, tamper=None):
    """Press "Confirm it's me", sign in at the provider as `login`, and come back."""
    start = client.get(reverse("accounts:oidc_confirm"), {"next": page})
    assert start.status_code == 302, start
    authorize_url = start["Location"]
    asked = parse_qs(urlsplit(authorize_url).query)
    assert (asked["prompt"], asked["max_age"]) == (["login"], ["0"])
    if tamper:
        authorize_url = tamper(authorize_url)
    back = sign_in(authorize_url, login, provider.issuer)
    assert back.startswith(CALLBACK), back
    return client.get(back.removeprefix("http://testserver"))


def delete(client, data=None):
    return client.post(reverse("datarights:delete"), data or {})


def test_the_page_explains_the_provider_step_and_deleting_waits_for_it(client, sso, user):
    without_password(user, sso)
    client.force_login(user)

    page = client.get(reverse("datarights:my_data")).content.decode()
    refused = delete(client)

    assert "You log in through Example ID, so there's no password" in page
    assert "Confirm it's me at Example ID" in page
    assert 'name="password"' not in page and "Delete my account</button>" not in page
    assert refused.status_code == 400
    assert "Would you confirm it&#x27;s you at Example ID first?" in refused.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_an_sso_person_deletes_their_account_end_to_end(client, sso, lives):
    ana, bo = without_password(lives.ana, sso), lives.bo
    elsewhere = Client()
    elsewhere.force_login(ana)
    login = client.get(reverse("accounts:oidc_login"))
    back = sign_in(login["Location"], "ana", sso.issuer)
    client.get(back.removeprefix("http://testserver"))
    assert logged_in_as(client) == ana

    confirmed = confirm_at_provider(client, sso, "ana")
    assert confirmed["Location"] == MY_DATA
    page = client.get(MY_DATA).content.decode()
    assert "Example ID confirmed it's you" in page and "Delete my account</button>" in page
    response = delete(client)

    assert response.status_code == 302
    assert logged_in_as(client) is None
    assert_deleted_as_promised(ana, bo, elsewhere)
    assert not SingleSignOnLink.objects.exists()


def test_a_sign_in_as_someone_else_confirms_nothing_and_opens_nothing(client, sso, user):
    ana = without_password(user, sso, "ana")
    nia = without_password(UserFactory(email="nia@example.org"), sso, "nia")
    client.force_login(ana)

    response = confirm_at_provider(client, sso, "nia")

    assert response["Location"] == MY_DATA
    assert "belongs to someone else" in client.get(MY_DATA).content.decode()
    assert logged_in_as(client) == ana  # not switched to Nia
    assert delete(client).status_code == 400
    assert User.objects.filter(pk__in=[ana.pk, nia.pk]).count() == 2


def test_a_confirming_sign_in_never_links_or_makes_an_account(client, sso, user, settings):
    settings.SIGNUP_POLICY = "open"
    ana = without_password(user, sso, "ana")
    client.force_login(ana)

    confirm_at_provider(client, sso, "nia")  # Nia has no Duet account yet

    assert not User.objects.filter(email="nia@example.org").exists()
    assert list(SingleSignOnLink.objects.values_list("subject", flat=True)) == ["ana"]
    assert delete(client).status_code == 400


def test_a_confirmation_for_one_person_never_counts_for_another(client, sso, user):
    ana = without_password(user, sso, "ana")
    nia = without_password(UserFactory(email="nia@example.org"), sso, "nia")
    client.force_login(ana)
    confirm_at_provider(client, sso, "ana")
    ana_confirmed = client.session["_duet_confirmed_at_provider"]

    client.force_login(nia)  # the same browser, now Nia's
    assert delete(client).status_code == 400

    session = client.session  # even Ana's confirmation copied into Nia's session
    session["_duet_confirmed_at_provider"] = ana_confirmed
    session.save()
    assert delete(client).status_code == 400
    assert User.objects.filter(pk=nia.pk).exists()


def test_a_confirmation_for_another_link_no_longer_counts(client, sso, user):
    ana = without_password(user, sso, "ana")
    client.force_login(ana)
    confirm_at_provider(client, sso, "ana")

    SingleSignOnLink.objects.filter(user=ana).update(subject="ana-relinked")

    assert delete(client).status_code == 400


def test_an_expired_confirmation_is_refused(client, sso, user):
    without_password(user, sso)
    client.force_login(user)
    confirm_at_provider(client, sso, "ana")

    with time_machine.travel(time.time() + 301, tick=False):
        response = delete(client)

    assert response.status_code == 400
    assert "confirm it&#x27;s you at Example ID first" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_sign_in_from_before_the_question_confirms_nothing(client, sso, user):
    without_password(user, sso)
    client.force_login(user)

    # Duet asks two minutes "later" than the provider signs in: an old sign-in, as a provider
    # that ignored prompt=login and max_age=0 would send back.
    with time_machine.travel(time.time() + 120, tick=True):
        start = client.get(reverse("accounts:oidc_confirm"), {"next": MY_DATA})
    back = sign_in(start["Location"], "ana", sso.issuer)
    client.get(back.removeprefix("http://testserver"))

    assert "let you through without asking you to sign in again" in (
        client.get(MY_DATA).content.decode()
    )
    assert delete(client).status_code == 400


def test_a_tampered_state_confirms_nothing(client, sso, user):
    without_password(user, sso)
    client.force_login(user)

    response = confirm_at_provider(
        client, sso, "ana", tamper=lambda url: with_param(url, "state", "forged")
    )

    assert response.status_code == 400
    assert delete(client).status_code == 400


def test_a_person_with_a_password_still_needs_the_password(client, sso, user):
    SingleSignOnLink.objects.create(user=user, issuer=sso.issuer, subject="ana")
    client.force_login(user)
    confirm_at_provider(client, sso, "ana")

    page = client.get(MY_DATA).content.decode()
    without = delete(client)

    assert 'name="password"' in page and "Confirm it's me" not in page
    assert without.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()
    assert delete(client, {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_with_password_login_off_an_sso_person_confirms_at_the_provider(
    client, sso, user, settings
):
    SingleSignOnLink.objects.create(user=user, issuer=sso.issuer, subject="ana")
    settings.PASSWORD_LOGIN = False
    client.force_login(user)

    assert delete(client, {"password": PASSWORD}).status_code == 400
    confirm_at_provider(client, sso, "ana")
    assert delete(client).status_code == 302


def test_an_sso_person_turns_two_step_off_and_makes_new_codes(client, sso, user):
    old = turn_on(client, user)
    client.force_login(without_password(user, sso))

    assert client.post(reverse("accounts:recovery_codes_new")).status_code == 400
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert page.count("Confirm it's me at Example ID") == 1  # one confirmation opens both steps
    assert "a second step belongs there" in page  # and it would guard nothing now
    confirm_at_provider(client, sso, "ana", page=reverse("accounts:two_factor"))
    new = client.post(reverse("accounts:recovery_codes_new")).context["codes"]
    off = client.post(reverse("accounts:two_factor_disable"))

    assert set(new).isdisjoint(old)
    assert off.status_code == 302
    assert not twofactor.is_enabled(user)


@pytest.fixture
def proxy_login(settings):
    settings.PROXY_LOGIN_HEADER = "Remote-Email"
    settings.TRUSTED_PROXY_IPS = ["10.0.0.5"]
    return {"headers": {"Remote-Email": "ana@example.org"}, "REMOTE_ADDR": "10.0.0.5"}


def test_a_proxy_person_types_their_email_to_delete(client, proxy_login, lives):
    ana, bo = lives.ana, lives.bo
    ana.email = "ana@example.org"
    without_password(ana)
    elsewhere = Client()
    elsewhere.force_login(ana)

    page = client.get(MY_DATA, **proxy_login).content.decode()
    wrong = client.post(reverse("datarights:delete"), {"phrase": "ana@"}, **proxy_login)
    assert "Type ana@example.org to say this is really you." in page
    assert "no password of yours to ask for" in page
    assert wrong.status_code == 400
    assert "isn&#x27;t quite your email address" in wrong.content.decode()
    assert User.objects.filter(pk=ana.pk).exists()

    right = client.post(
        reverse("datarights:delete"), {"phrase": " Ana@Example.org "}, **proxy_login
    )

    assert right.status_code == 302
    assert_deleted_as_promised(ana, bo, elsewhere)


def test_a_proxy_person_turns_two_step_off_with_their_email(client, proxy_login, user):
    user.email = "ana@example.org"
    user.save()
    turn_on(client, user)
    without_password(user)

    refused = client.post(reverse("accounts:two_factor_disable"), **proxy_login)
    assert twofactor.is_enabled(user)
    off = client.post(
        reverse("accounts:two_factor_disable"), {"phrase": "ana@example.org"}, **proxy_login
    )

    assert refused.status_code == 400
    assert off.status_code == 302
    assert not twofactor.is_enabled(user)


def test_an_unreachable_provider_gets_a_kind_page_leading_back(client, user, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "duet", "secret"
    settings.OIDC_PROVIDER_NAME = "Example ID"
    SingleSignOnLink.objects.create(user=user, issuer=settings.OIDC_ISSUER, subject="ana")
    client.force_login(without_password(user))

    response = client.get(reverse("accounts:oidc_confirm"), {"next": MY_DATA})

    assert response.status_code == 503
    page = response.content.decode()
    assert "confirming it&#x27;s you has to wait" in page and f'href="{MY_DATA}"' in page


def test_only_an_account_linked_to_the_provider_is_sent_to_confirm(client, sso, user):
    url = reverse("accounts:oidc_confirm")
    assert client.get(url, {"next": MY_DATA}).status_code == 404  # no one logged in
    client.force_login(user)

    assert client.get(url, {"next": MY_DATA}).status_code == 404


def test_without_the_way_in_it_came_by_an_account_without_a_password_is_not_confirmed_by_typing(
    client, sso, settings, user
):
    client.force_login(without_password(user, sso))
    settings.OIDC_ISSUER = ""  # the host switched single sign-on off (or moved it)
    settings.PROXY_LOGIN_HEADER = ""

    page = client.get(reverse("datarights:my_data")).content.decode()
    refused = client.post(reverse("datarights:delete"), {"phrase": user.email})

    assert "set a password first" in page
    assert refused.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()


def test_the_typed_address_hint_escapes_an_address_that_quotes_markup(rf, settings):
    from accounts.forms import PasswordConfirmForm

    settings.PROXY_LOGIN_HEADER = "Remote-Email"
    request = rf.get("/")
    request.user = UserFactory(email='"<b>bold</b>"@example.org')
    request.user.set_unusable_password()

    form = PasswordConfirmForm(request)

    assert form.method == "phrase"
    drawn = form["phrase"].as_field_group()  # the hint is drawn as HTML
    assert "&lt;b&gt;bold&lt;/b&gt;" in drawn
    assert "<b>bold</b>" not in drawn
