"""The current edition: label year, calendar dates and contacts (data/edition.toml).

Dates not yet announced stay empty and read « pas encore annoncée »: the bot never
makes one up. Values feed the FAQ placeholders and the deadline reminders.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handlers.content.errors import ContentError, TomlFile
from handlers.core import frdates

NOT_ANNOUNCED = "pas encore annoncée"
NOT_PUBLISHED = "non communiqué pour l'instant"
DATE_KEYS = ("ouverture", "date_limite", "jury", "ceremonie")
CONTACT_KEYS = ("site_web", "lien_inscription", "email", "telephone", "presse")


@dataclass(frozen=True)
class Edition:
    year: int
    dates: dict[str, date | None]
    contacts: dict[str, str]

    @property
    def deadline(self) -> date | None:
        return self.dates.get("date_limite")

    def placeholders(self) -> dict[str, str]:
        """Values for FAQ answers, already HTML-escaped."""

        def when(key: str) -> str:
            value = self.dates.get(key)
            return frdates.day(value) if value else NOT_ANNOUNCED

        def contact(key: str) -> str:
            return html.escape(self.contacts.get(key) or NOT_PUBLISHED, quote=False)

        return {
            "edition": str(self.year),
            "date_ouverture": when("ouverture"),
            "date_limite": when("date_limite"),
            "date_jury": when("jury"),
            "date_ceremonie": when("ceremonie"),
            "site_web": contact("site_web"),
            "lien_inscription": contact("lien_inscription"),
            "contact_email": contact("email"),
            "contact_telephone": contact("telephone"),
            "contact_presse": contact("presse"),
        }


def load_edition(path: Path) -> Edition:
    file = TomlFile(path)
    data = file.data
    problems: list[str] = []
    year = data.get("edition")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(f"{file.where(file.line_of_key('edition'))}: edition : une année, par exemple 2027")
        year = 0
    for section in data:
        if section not in ("edition", "calendrier", "contacts"):
            problems.append(f"{file.where(file.line_of_table(section))}: [{section}] : section inconnue")
    calendar = data.get("calendrier", {})
    dates: dict[str, date | None] = {}
    header = file.line_of_table("calendrier")
    for key, value in calendar.items():
        where = file.where(file.line_of_key(key, header))
        if key not in DATE_KEYS:
            problems.append(f"{where}: calendrier.{key} : clé inconnue (attendues : {', '.join(DATE_KEYS)})")
        elif value == "":
            dates[key] = None
        elif isinstance(value, date):
            dates[key] = value
        else:
            problems.append(f'{where}: calendrier.{key} : une date AAAA-MM-JJ sans guillemets, ou ""')
    contacts: dict[str, str] = {}
    header = file.line_of_table("contacts")
    for key, value in data.get("contacts", {}).items():
        where = file.where(file.line_of_key(key, header))
        if key not in CONTACT_KEYS:
            problems.append(f"{where}: contacts.{key} : clé inconnue (attendues : {', '.join(CONTACT_KEYS)})")
        elif not isinstance(value, str):
            problems.append(f"{where}: contacts.{key} : un texte entre guillemets")
        else:
            contacts[key] = value.strip()
    if problems:
        raise ContentError(problems)
    return Edition(year=year, dates={k: dates.get(k) for k in DATE_KEYS}, contacts=contacts)
