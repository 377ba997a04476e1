"""Deadlines that trigger automatic reminders (data/echeances.toml).

A deadline has a fixed date or takes one from data/edition.toml (`edition.date_limite`);
while that date is empty, no reminder is sent. `due_reminders` says which reminders are
due at a given moment: the latest offset reached, until the next one or the deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.content.edition import DATE_KEYS, Edition
from handlers.content.errors import ContentError, TomlFile

DEFAULT_OFFSETS = (30, 7, 1)
DEFAULT_HOUR = time(9, 0)
KEYS = ("cle", "nom", "date", "rappels_jours", "heure")
_KEY = re.compile(r"^[a-z0-9-]{1,24}$")
_HOUR = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Deadline:
    key: str
    name: str
    fixed_date: date | None
    edition_key: str | None  # "date_limite"… when the date comes from data/edition.toml
    offsets: tuple[int, ...]  # days before, largest first
    at: time

    def day(self, edition: Edition) -> date | None:
        return self.fixed_date or (edition.dates.get(self.edition_key) if self.edition_key else None)


@dataclass(frozen=True)
class DueReminder:
    deadline: Deadline
    day: date
    offset: int

    @property
    def dedupe_prefix(self) -> str:
        return f"dl:{self.deadline.key}:{self.day.isoformat()}:{self.offset}:"


def due_reminders(deadlines: list[Deadline], edition: Edition, now: datetime, zone: ZoneInfo) -> list[DueReminder]:
    """Reminders whose time has come and not yet passed (the next offset or the deadline's end)."""
    due = []
    for deadline in deadlines:
        day = deadline.day(edition)
        if day is None:
            continue
        end = datetime.combine(day + timedelta(days=1), time(0, 0), zone)
        for index, offset in enumerate(deadline.offsets):
            start = datetime.combine(day - timedelta(days=offset), deadline.at, zone)
            following = deadline.offsets[index + 1] if index + 1 < len(deadline.offsets) else None
            stop = (
                datetime.combine(day - timedelta(days=following), deadline.at, zone) if following is not None else end
            )
            if start <= now < stop:
                due.append(DueReminder(deadline, day, offset))
    return due


def load_deadlines(path: Path) -> list[Deadline]:
    file = TomlFile(path)
    problems: list[str] = []
    deadlines: list[Deadline] = []
    for section in file.data:
        if section != "echeance":
            problems.append(
                f"{file.where(file.line_of_table(section))}: [{section}] : section inconnue (attendue : [[echeance]])"
            )
    entries = file.data.get("echeance", [])
    if not isinstance(entries, list):
        entries = []
        problems.append(f"{file.path}: echeance : écrivez chaque échéance dans un bloc [[echeance]]")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        header = file.line_of_table("echeance", index)

        def where(key: str, header: int = header, entry: dict = entry) -> str:
            return f"{file.where(file.line_of_key(key, header) if key in entry else header)}: echeance.{key}"

        for key in entry:
            if key not in KEYS:
                problems.append(f"{where(key)} : clé inconnue (attendues : {', '.join(KEYS)})")
        key = entry.get("cle")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{where('cle')} : identifiant court en minuscules, chiffres et tirets (ex. « cloture »)")
        elif key in seen:
            problems.append(f"{where('cle')} : « {key} » est déjà utilisée par une autre échéance")
        seen.add(str(key))
        name = entry.get("nom")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where('nom')} : un texte, par exemple « la clôture des participations »")
        raw_date = entry.get("date")
        fixed, from_edition = None, None
        if isinstance(raw_date, date) and not isinstance(raw_date, datetime):
            fixed = raw_date
        elif isinstance(raw_date, str) and raw_date.startswith("edition.") and raw_date[8:] in DATE_KEYS:
            from_edition = raw_date[8:]
        else:
            problems.append(
                f"{where('date')} : une date AAAA-MM-JJ sans guillemets, ou "
                f"{' / '.join(f'edition.{k}' for k in DATE_KEYS)}"
            )
        offsets = entry.get("rappels_jours", list(DEFAULT_OFFSETS))
        if (
            not isinstance(offsets, list)
            or not offsets
            or not all(isinstance(o, int) and not isinstance(o, bool) and 0 <= o <= 365 for o in offsets)
        ):
            problems.append(f"{where('rappels_jours')} : une liste de nombres de jours, par exemple [30, 7, 1]")
            offsets = list(DEFAULT_OFFSETS)
        hour = entry.get("heure", "09:00")
        match = _HOUR.match(hour) if isinstance(hour, str) else None
        if match is None:
            problems.append(f'{where("heure")} : une heure "HH:MM", par exemple "09:00"')
        at = time(int(match.group(1)), int(match.group(2))) if match else DEFAULT_HOUR
        if not problems:
            deadlines.append(
                Deadline(key, name.strip(), fixed, from_edition, tuple(sorted(set(offsets), reverse=True)), at)
            )
    if problems:
        raise ContentError(problems)
    return deadlines
