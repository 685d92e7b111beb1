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
