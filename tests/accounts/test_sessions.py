import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import SessionRecord
from audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(user, agent):
    browser = Client(HTTP_USER_AGENT=agent)
    response = browser.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 302
    return browser


def test_sessions_are_listed_with_browser_and_coarse_network(user):
    phone = log_in(user, "PhoneBrowser/1.0")
    log_in(user, "LaptopBrowser/2.0")

    page = phone.get(reverse("accounts:sessions")).content.decode()

    assert "PhoneBrowser/1.0" in page and "LaptopBrowser/2.0" in page
    assert "203.0.113.0/24" in page
    assert "203.0.113.77" not in page
    assert "This device" in page


def test_ending_one_session_logs_that_browser_out_at_once(user):
    phone = log_in(user, "PhoneBrowser/1.0")
    laptop = log_in(user, "LaptopBrowser/2.0")
    laptop_record = SessionRecord.objects.get(user_agent="LaptopBrowser/2.0")

    response = phone.post(reverse("accounts:session_end", args=[laptop_record.pk]))

    assert response.status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert phone.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(kind="session_revoked", user=user).exists()


def test_logging_out_every_other_session_keeps_this_one(user):
    phone = log_in(user, "PhoneBrowser/1.0")
    others = [log_in(user, f"Other/{n}") for n in range(3)]

    phone.post(reverse("accounts:session_end_others"))

    assert phone.get(reverse("accounts:profile")).status_code == 200
    assert all(other.get(reverse("accounts:profile")).status_code == 302 for other in others)
    assert list(SessionRecord.objects.values_list("user_agent", flat=True)) == ["PhoneBrowser/1.0"]


def test_someone_elses_session_answers_404(user, stranger):
    theirs = log_in(stranger, "Theirs/1.0")
    mine = log_in(user, "Mine/1.0")
    record = SessionRecord.objects.get(user=stranger)

    assert mine.post(reverse("accounts:session_end", args=[record.pk])).status_code == 404
    assert theirs.get(reverse("accounts:profile")).status_code == 200


def test_logging_out_forgets_the_record(user):
    phone = log_in(user, "PhoneBrowser/1.0")

    phone.post(reverse("accounts:logout"))

    assert not SessionRecord.objects.exists()


def test_changing_the_password_ends_the_other_sessions(user):
    phone = log_in(user, "PhoneBrowser/1.0")
    laptop = log_in(user, "LaptopBrowser/2.0")

    phone.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )

    assert phone.get(reverse("accounts:profile")).status_code == 200
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert list(SessionRecord.objects.values_list("user_agent", flat=True)) == ["PhoneBrowser/1.0"]


def test_a_session_from_before_the_records_gets_one_on_its_next_request(client, user):
    client.force_login(user)
    SessionRecord.objects.all().delete()
    session = client.session
    session.pop("_duet_seen", None)
    session.save()

    client.get(reverse("accounts:profile"))

    assert SessionRecord.objects.filter(user=user).count() == 1


def test_the_page_lists_my_recent_security_events_only(user, stranger):
    log_in(stranger, "Theirs/1.0")
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.email, "password": "nope"})
    phone = log_in(user, "PhoneBrowser/1.0")

    page = phone.get(reverse("accounts:sessions")).content.decode()

    assert "Login failed" in page and "Logged in from network 203.0.113.0/24" in page
    assert page.count("Logged in") == 1
