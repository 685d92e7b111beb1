# Duet's English: day before month, 24-hour clock, weeks from Monday (config/formats).
# Anything not named here (input formats, separators) is Django's `en`.
DATE_FORMAT = "j F Y"  # 18 November 2026
TIME_FORMAT = "H:i"  # 21:30
DATETIME_FORMAT = "j F Y, H:i"  # 18 November 2026, 21:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 18 November
SHORT_DATE_FORMAT = "j M Y"  # 18 Nov 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 18 Nov 2026, 21:30
FIRST_DAY_OF_WEEK = 1  # Monday
