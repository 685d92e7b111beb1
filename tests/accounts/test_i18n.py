"""Each person reads accounts pages and emails in their own language (issue 18).

Signed-in people read pages in `user.language`; anonymous pages (login, sign-up, reset,
invitations) follow the browser's Accept-Language among en/de/es; sign-up takes the page's
language as the account's; Settings changes it for the very next page; emails are written
in the recipient's language whatever language the request asking for them was in.
"""

import html
import re

import pytest
from django.contrib.auth import forms as auth_forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.pronouns import pronouns_of
from accounts.templatetags.people import register
from tests.accounts.test_views import PASSWORD, confirmation_link, signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SIGNUP = reverse("accounts:signup")
SETTINGS = reverse("accounts:profile")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def signed_in(language: str, **fields) -> tuple[Client, User]:
    person = UserFactory(display_name="Ana", language=language, **fields)
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client, person


# Per page: (German phrases, Spanish phrases, English phrases that must be gone).
PAGES = {
    "accounts:profile": (
        ["Einstellungen", "Über mich", "Meine Einstellungen speichern", "Zeitzone"],
        ["Ajustes", "Sobre mí", "Guardar mis ajustes", "Zona horaria"],
        ["About me", "Save my settings", "Time zone", "Reminders, email and calendar"],
    ),
    "accounts:sessions": (
        ["Wo ich angemeldet bin", "Alle anderen Sitzungen abmelden", "Dieses Gerät"],
        ["Dónde tengo la sesión iniciada", "Cerrar todas las demás sesiones"],
        ["Where I'm logged in", "Log out every other session", "This device", "Back to settings"],
    ),
    "accounts:two_factor": (
        ["Anmeldung in zwei Schritten", "Code aus der App", "Zurück zu den Einstellungen"],
        ["Inicio de sesión en dos pasos", "Código de la app", "Volver a los ajustes"],
        ["Two-step login", "Code from the app", "Back to settings", "Would it help"],
    ),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["de", "es"])
def test_a_signed_in_person_reads_their_pages_in_their_own_language(name, language):
    client, _person = signed_in(language)
    german, spanish, english = PAGES[name]

    response = client.get(reverse(name))

    text = text_of(response)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in text
    for phrase in german if language == "de" else spanish:
        assert phrase in text
    for phrase in english:
        assert phrase not in text


def test_the_security_log_on_the_sessions_page_is_in_the_readers_language():
    client, person = signed_in("es")
    client.post(reverse("accounts:session_end_others"))

    text = text_of(client.get(reverse("accounts:sessions")))

    assert "Sesión cerrada a distancia" in text
    assert "session logged out remotely" not in text
    assert "Todas las demás sesiones están cerradas." in text  # the message, in Spanish too


# The password field's label on the login page, in each language.
PASSWORD_LABEL = {"de": "Passwort:", "es": "Contraseña:", "en": "Password:"}


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de"),
        ("es-ES,es;q=0.9", "es"),
        ("fr-FR,fr;q=0.9,es;q=0.5", "es"),  # the first language Duet speaks
        ("fr-FR,fr;q=0.9", "en"),
        ("", "en"),
    ],
)
def test_the_login_page_follows_the_browsers_language(header, language):
    client = Client(headers={"accept-language": header} if header else {})

    response = client.get(LOGIN)

    text = text_of(response)
    assert f'<html lang="{language}">' in text
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    for other, label in PASSWORD_LABEL.items():
        assert (f'for="id_password">{label}<' in text) == (other == language)


@pytest.mark.parametrize(
    ("header", "phrases"),
    [
        ("de-AT", ["Lege dein Duet-Konto an", "Mein Konto anlegen", "Du hast schon ein Konto?"]),
        ("es-MX,es;q=0.8", ["Crea tu cuenta de Duet", "Crear mi cuenta", "¿Ya tienes cuenta?"]),
    ],
)
def test_the_sign_up_page_follows_the_browsers_language(header, phrases):
    text = text_of(Client(headers={"accept-language": header}).get(SIGNUP))

    for phrase in phrases:
        assert phrase in text
    for english in ["Create your Duet account", "Create my account", "Already have an account"]:
        assert english not in text


def test_the_login_refusal_is_in_the_browsers_language():
    UserFactory(email="ana@example.org", password=PASSWORD)
    german = Client(headers={"accept-language": "de"})

    response = german.post(LOGIN, {"username": "ana@example.org", "password": "nope"})

    assert "passen zu keinem Konto" in text_of(response)
    assert "don't match an account" not in text_of(response)


def test_a_language_cookie_or_path_does_not_override_the_browser_on_anonymous_pages(settings):
    client = Client(headers={"accept-language": "es"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    text = text_of(client.get(SIGNUP))

    assert "Crea tu cuenta de Duet" in text and "Lege dein" not in text


def test_a_signed_in_person_keeps_their_language_whatever_the_browser_asks():
    person = UserFactory(language="de")
    client = Client(headers={"accept-language": "es-ES,es"})
    client.force_login(person)

    response = client.get(SETTINGS)

    assert "Einstellungen" in text_of(response) and "Ajustes" not in text_of(response)
    assert response["Content-Language"] == "de"


@pytest.mark.parametrize(
    ("header", "expected"), [("es-ES,es;q=0.9", "es"), ("de", "de"), ("it", "en")]
)
def test_the_sign_up_form_offers_the_browsers_language_first(header, expected):
    client = Client(headers={"accept-language": header})

    response = client.get(SIGNUP)

    assert response.context["form"]["language"].value() == expected
    assert re.search(rf'<option value="{expected}" selected>', response.content.decode())


def test_sign_up_keeps_the_page_language_and_writes_the_confirmation_in_it(client, mailoutbox):
    spanish = Client(headers={"accept-language": "es-ES,es;q=0.9"})

    response = spanish.post(SIGNUP, signup_data())  # the form sent without a language

    assert response.status_code == 302
    person = User.objects.get(email="ana@example.org")
    assert person.language == "es"
    message = mailoutbox[0]
    assert message.subject == "Duet: Termina de crear tu cuenta de Duet"
    assert "Hola, Ana:" in message.body and "Welcome to Duet" not in message.body


def test_a_language_chosen_at_sign_up_wins_over_the_browsers(mailoutbox):
    spanish = Client(headers={"accept-language": "es-ES,es;q=0.9"})

    spanish.post(SIGNUP, signup_data(language="de"))

    assert User.objects.get(email="ana@example.org").language == "de"
    message = mailoutbox[0]
    assert message.subject == "Duet: Schließe dein Duet-Konto ab"
    assert "Hallo Ana," in message.body
    assert "willkommen bei Duet" in message.body
    assert "Te damos" not in message.body and "Welcome" not in message.body
    # The link's page is read before anyone is signed in: in the browser's Spanish.
    finish = spanish.get(confirmation_link(message))
    assert "Schließe dein Konto ab" not in text_of(finish)  # anonymous: the browser's Spanish
    assert "Termina de crear tu cuenta" in text_of(finish)


def test_someone_signing_up_with_a_german_speakers_address_from_spain_writes_to_them_in_german(
    mailoutbox,
):
    UserFactory(display_name="Bo", email="bo@example.org", language="de")
    spanish = Client(headers={"accept-language": "es"})

    spanish.post(SIGNUP, signup_data(email="bo@example.org", display_name="Someone"))

    (message,) = mailoutbox
    assert message.subject == "Duet: Jemand wollte sich mit deiner E-Mail-Adresse registrieren"
    assert message.body.startswith("Hallo Bo,")
    assert "Du hast schon eines" in message.body
    assert "Alguien" not in message.body and "Someone (perhaps you)" not in message.body


def test_a_password_reset_email_is_written_in_the_recipients_language(monkeypatch, mailoutbox):
    UserFactory(email="bo@example.org", language="de")
    languages = []
    original = auth_forms.PasswordResetForm.send_mail

    def spy(self, *args, **kwargs):
        languages.append(translation.get_language())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(auth_forms.PasswordResetForm, "send_mail", spy)
    spanish = Client(headers={"accept-language": "es"})

    response = spanish.post(reverse("accounts:password_reset"), {"email": "bo@example.org"})

    assert response.status_code == 302
    assert languages == ["de"]
    assert len(mailoutbox) == 1


def test_changing_the_language_in_settings_changes_the_very_next_page():
    client, person = signed_in("de", time_zone="Europe/Berlin")
    form = client.get(SETTINGS).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["evening_time"] = "21:00"
    data["language"] = "es"

    response = client.post(SETTINGS, data, follow=True)

    person.refresh_from_db()
    assert person.language == "es"
    text = text_of(response)
    assert "Tus ajustes están guardados." in text
    assert "Guardar mis ajustes" in text
    assert "Über mich" not in text and "Your settings are saved" not in text


def test_form_errors_are_in_the_readers_language():
    client, _person = signed_in("de")

    response = client.post(reverse("accounts:recovery_codes_new"), {"password": "wrong"})

    assert "Dieses Passwort passt nicht zu diesem Konto." in text_of(response)


def test_the_login_refusal_is_in_a_spanish_browsers_language():
    UserFactory(email="ana@example.org", password=PASSWORD)
    client = Client(headers={"accept-language": "es"})

    response = client.post(LOGIN, {"username": "ana@example.org", "password": "nope"})

    assert "Ese correo y esa contraseña no coinciden con ninguna cuenta." in text_of(response)


def test_the_pronoun_filters_speak_english_only():
    their, they_verb = register.filters["their"], register.filters["they_verb"]
    person = UserFactory(pronouns="she/her")
    assert their(person) == "her" and they_verb(person, "share") == "she shares"
    with translation.override("de"):
        assert their(person) == "" and they_verb(person, "share") == ""


@pytest.mark.parametrize(
    ("written", "their_form"),
    [("sie/ihr", "her"), ("er/ihm", "his"), ("ella", "her"), ("él", "his"), ("elle", "their")],
)
def test_german_and_spanish_pronoun_sets_read_as_their_english_forms(written, their_form):
    assert pronouns_of(UserFactory.build(pronouns=written)).their == their_form


@pytest.mark.parametrize(
    ("setup", "path", "german", "english"),
    [
        ("open", reverse("accounts:signup_sent"), "Schau in dein E-Mail-Postfach", "Check your"),
        ("closed", SIGNUP, "Dieses Duet nimmt gerade keine neuen Menschen auf", "isn't taking"),
        ("invite", SIGNUP, "Dieses Duet heißt neue Menschen mit Einladung willkommen", "welcomes"),
        (
            "open",
            reverse("accounts:signup_confirm", args=["MQ", "not-a-token"]),
            "Dieser Link funktioniert nicht mehr",
            "doesn't work any more",
        ),
        (
            "open",
            reverse("accounts:signup_invite", args=["no-such-invitation"]),
            "Ich finde diese Einladung nicht.",
            "can't find this invitation",
        ),
        ("sso-off", SIGNUP, "Deine erste Anmeldung legt dein Konto an", "Your first login"),
    ],
)
def test_the_pages_before_an_account_exists_follow_a_german_browser(
    settings, setup, path, german, english
):
    if setup == "sso-off":
        settings.PASSWORD_LOGIN = False
    else:
        settings.SIGNUP_POLICY = setup

    text = text_of(Client(headers={"accept-language": "de-CH,de;q=0.9"}).get(path))

    assert german in text
    assert english not in text
