"""Wording shared by the logistics documents; the list writer itself is _xlsxfast."""

from __future__ import annotations

import datetime as dt

WEEKDAYS = "一二三四五六日"


# -- wording shared by the logistics documents ---------------------------------------

def day_text(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def day_week(day: dt.date) -> str:
    return f"{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def hm(value: dt.datetime | None) -> str:
    return f"{value:%H:%M}" if value else ""


def when(value: dt.datetime | None, day: dt.date | None = None) -> str:
    """'15:30' on the sheet's own day, '12月18日 15:30' otherwise."""
    if value is None:
        return ""
    if day is not None and value.date() == day:
        return hm(value)
    return f"{value.month}月{value.day}日 {value:%H:%M}"
