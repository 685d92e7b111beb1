"""Calendar months on a person's own clock."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from accounts.localtime import local_today


class MonthError(ValueError):
    """A month that isn't a month, or one that can't be used here; the message is for people."""


def current_month(user) -> date:
    return local_today(user).replace(day=1)


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return shift(month, 1) - timedelta(days=1)


def parse(value: str) -> date:
    try:
        year, number = (int(part) for part in value.split("-"))
        return date(year, number, 1)
    except (ValueError, TypeError) as error:
        raise MonthError(_("That isn't a month I understand (it looks like 2026-11).")) from error


def key(month: date) -> str:
    return f"{month:%Y-%m}"


def check_viewable(user, month: date) -> None:
    if month > shift(current_month(user), 1):
        raise MonthError(
            _("That month is still far ahead. Plans can be made for this month and next.")
        )


def check_plannable(user, month: date) -> None:
    this = current_month(user)
    if month < this:
        raise MonthError(
            _("That month has passed, so its plan stays as it was. Its review is open.")
        )
    if month > shift(this, 1):
        raise MonthError(_("Plans can be made for this month and next, not further ahead."))


def check_reviewable(user, month: date) -> None:
    this = current_month(user)
    if not shift(this, -1) <= month <= this:
        raise MonthError(_("Reviews can be written for this month and last month."))
