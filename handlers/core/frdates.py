"""French date and time wording: « jeudi 6 avril 2023 », « 13 h – 14 h »."""

from __future__ import annotations

from datetime import date, datetime

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def day(value: date, *, year: bool = True) -> str:
    number = "1er" if value.day == 1 else str(value.day)
    text = f"{DAYS[value.weekday()]} {number} {MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if year else text


def hour(value: datetime) -> str:
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def span(start: datetime, end: datetime, *, year: bool = False) -> str:
    return f"{day(start.date(), year=year)}, {hour(start)} – {hour(end)}"
