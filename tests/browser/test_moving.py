import pytest
from playwright.sync_api import expect

from checkins.models import CheckIn
from tests.browser.conftest import log_in
from tests.factories import RitualFactory, UserFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

DAYLIO = """full_date,date,weekday,time,mood,activities,note_title,note
2026-11-03,November 3,Tuesday,22:15,rad,friends | Evening walk,,"Tea<br>then a walk"
2026-11-02,November 2,Monday,21:40,cloudy,tired,,long day
"""


def test_daylio_history_comes_in_as_the_person_chose(open_page, frozen_now, tmp_path):
    ana = UserFactory(display_name="Ana", email="ana@example.org")
    RitualFactory(owner=ana, title="Evening walk")
    csv_file = tmp_path / "daylio_export_2026_11_04.csv"
    csv_file.write_text(DAYLIO)
    page = open_page()
    log_in(page, "ana@example.org")

    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Bring your data in").click()
    page.get_by_label("My Daylio export (.csv)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Look at my Daylio file").click()

    expect(page.locator("main")).to_contain_text("2 entries over 2 evenings")
    cloudy = page.locator("fieldset", has_text="cloudy")
    cloudy.get_by_label("How pleasant").select_option(label="Unpleasant")
    cloudy.get_by_label("How much energy").select_option(label="Low")
    page.get_by_label("tired").select_option(label="tired")
    expect(page.get_by_label("Evening walk")).to_have_value(f"ritual:{ana.rituals.get().pk}")
    page.get_by_role("button", name="Bring these evenings in").click()

    expect(page.locator("#import-progress")).to_contain_text("waiting its turn")
    run_worker()
    # The page polls by itself and shows the summary once the worker is done.
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("Check-ins: 2", timeout=15_000)
    expect(summary).to_contain_text("Practice logs: 1")
    cloudy_evening = CheckIn.objects.get(owner=ana, evening="2026-11-02")
    assert (cloudy_evening.pleasantness, cloudy_evening.feeling_energy) == (2, 2)
    assert cloudy_evening.feeling_words == ["tired"]
