"""`|moment` words a moment as `|date` does, on the reader's clock and in their language,
though it remembers what it wrote."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

# Both sides of a change of clocks in Berlin and in Los Angeles, and a day's edge.
MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
]
ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"]
FORMATS = ["D j M, H:i", "DATETIME_FORMAT", "l j F Y, G:i"]


def draw(filter_: str, moment, format_: str) -> str:
    library = "{% load moments %}" if filter_ == "moment" else ""
    template = engines["django"].from_string(f"{library}{{{{ moment|{filter_}:format }}}}")
    return template.render({"moment": moment, "format": format_})


@pytest.mark.parametrize("language", ["en", "de", "es"])
@pytest.mark.parametrize("zone", ZONES)
def test_a_moment_reads_as_the_date_filter_writes_it(language, zone):
    with translation.override(language), timezone.override(zone):
        for moment in MOMENTS:
            for format_ in FORMATS:
                assert draw("moment", moment, format_) == draw("date", moment, format_)


def test_what_one_reader_was_shown_is_not_shown_to_another():
    moment = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    with translation.override("en"), timezone.override("UTC"):
        assert draw("moment", moment, "D j M, H:i") == "Sun 1 Nov, 23:30"
    with translation.override("en"), timezone.override("Europe/Berlin"):
        assert draw("moment", moment, "D j M, H:i") == "Mon 2 Nov, 00:30"
    with translation.override("de"), timezone.override("Europe/Berlin"):
        assert draw("moment", moment, "D j M, H:i") == "Mo 2 Nov, 00:30"


def test_nothing_is_worded_as_nothing():
    assert draw("moment", None, "D j M, H:i") == ""


@pytest.mark.parametrize("value", [date(2026, 3, 29), datetime(2026, 3, 29, 1, 30)])
def test_a_day_or_a_naive_moment_reads_as_the_date_filter_writes_it(value):
    with translation.override("de"), timezone.override("Europe/Berlin"):
        assert draw("moment", value, "D j M Y") == draw("date", value, "D j M Y")
