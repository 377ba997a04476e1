"""Webinar sessions and reminder offsets (data/webinaires.toml), loaded and validated.

Start times are written in local time (the bot's timezone, Europe/Paris); the join link is
only ever shown to registered people. A session stops being offered when its registrations
close (default: at its start). Each session has a stable `id`, which registrations refer to:
changing a date keeps the registrations, deleting a session leaves its buttons stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from handlers.content.errors import ContentError, TomlFile
from handlers.core import frdates

DEFAULT_OFFSETS = (1440, 60)  # the day before (same time) and one hour before
SESSION_KEYS = {
    "id", "titre", "debut", "duree_minutes", "intervenants", "places", "lien", "fermeture_inscriptions", "provisoire"
}  # fmt: skip
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")


@dataclass(frozen=True)
class WebinarSession:
    id: str
    title: str
    start: datetime  # aware, UTC
    duration: timedelta
    speakers: tuple[str, ...]
    capacity: int
    link: str
    closes_at: datetime  # aware, UTC
    # An example session, not announced by the association: its date is shown as provisional
    # and its link is never given out.
    provisional: bool = False

    @property
    def end(self) -> datetime:
        return self.start + self.duration

    def is_open(self, now: datetime) -> bool:
        return now < self.closes_at and now < self.start

    def when(self, zone: ZoneInfo, now: datetime | None = None) -> str:
        """« jeudi 8 avril, 13 h – 14 h » (with the year when it is not the current one)."""
        start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        return frdates.span(start, end, year=now is not None and start.year != now.astimezone(zone).year)


@dataclass(frozen=True)
class WebinarCatalogue:
    sessions: tuple[WebinarSession, ...]
    reminder_offsets: tuple[int, ...]  # minutes before the start
    zone: ZoneInfo

    def get(self, session_id: str) -> WebinarSession | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def open_sessions(self, now: datetime) -> list[WebinarSession]:
        return sorted((s for s in self.sessions if s.is_open(now)), key=lambda s: s.start)


def _local(value: Any, zone: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    aware = value.replace(tzinfo=zone) if value.tzinfo is None else value
    return aware.astimezone(UTC)


def _check_session(
    raw: dict[str, Any], at: Callable[[str], str], zone: ZoneInfo, problems: list[str]
) -> WebinarSession | None:
    """`at(key)` is « file:line » of that key in this session (for messages staff can act on)."""
    before = len(problems)
    for key in sorted(raw.keys() - SESSION_KEYS):
        problems.append(f"{at(key)}: {key} : clé inconnue (attendues : {', '.join(sorted(SESSION_KEYS))})")
    sid = raw.get("id")
    if not isinstance(sid, str) or not _ID.match(sid):
        problems.append(f'{at("id")}: id : 1 à 24 caractères parmi a-z, 0-9 et -, par exemple "info-2027-04"')
    title = raw.get("titre")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{at('titre')}: titre : un texte entre guillemets")
    start = _local(raw.get("debut"), zone)
    if start is None:
        problems.append(
            f"{at('debut')}: debut : date et heure de Paris sans guillemets, par exemple 2027-04-08T13:00:00"
        )
    minutes = raw.get("duree_minutes", 60)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 600:
        problems.append(f"{at('duree_minutes')}: duree_minutes : un nombre entier entre 5 et 600")
    speakers = raw.get("intervenants", [])
    if not isinstance(speakers, list) or not all(isinstance(s, str) and s.strip() for s in speakers):
        problems.append(
            f'{at("intervenants")}: intervenants : une liste de textes, par exemple ["Prénom Nom, fonction"]'
        )
    capacity = raw.get("places")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 100_000:
        problems.append(f"{at('places')}: places : un nombre entier de places, au moins 1")
    link = raw.get("lien")
    parsed = urlparse(link) if isinstance(link, str) else None
    if parsed is None or parsed.scheme != "https" or not parsed.netloc:
        problems.append(f"{at('lien')}: lien : l'adresse https://… pour rejoindre le webinaire")
    closes = _local(raw.get("fermeture_inscriptions"), zone) if "fermeture_inscriptions" in raw else start
    if "fermeture_inscriptions" in raw and closes is None:
        problems.append(
            f"{at('fermeture_inscriptions')}: fermeture_inscriptions : date et heure sans guillemets, "
            "ou supprimez la ligne"
        )
    elif closes is not None and start is not None and closes > start:
        problems.append(
            f"{at('fermeture_inscriptions')}: fermeture_inscriptions : doit être avant le début de la séance"
        )
    provisional = raw.get("provisoire", False)
    if not isinstance(provisional, bool):
        problems.append(f"{at('provisoire')}: provisoire : true ou false")
    if len(problems) > before:
        return None
    assert start is not None and closes is not None
    assert isinstance(sid, str) and isinstance(title, str) and isinstance(capacity, int) and isinstance(link, str)
    return WebinarSession(
        id=sid,
        title=title.strip(),
        start=start,
        duration=timedelta(minutes=minutes),
        speakers=tuple(s.strip() for s in speakers),
        capacity=capacity,
        link=link.strip(),
        closes_at=closes,
        provisional=provisional is True,
    )


def load_sessions(path: Path, zone: ZoneInfo) -> WebinarCatalogue:
    file = TomlFile(path)
    problems: list[str] = []
    for key in file.data.keys() - {"rappels", "seance"}:
        where = file.where(file.line_of_table(key) or file.line_of_key(key))
        problems.append(f"{where}: {key} : section inconnue (attendues : [rappels], [[seance]])")
    reminders = file.data.get("rappels", {})
    offsets = reminders.get("minutes_avant", list(DEFAULT_OFFSETS)) if isinstance(reminders, dict) else None
    if not isinstance(offsets, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 60 * 24 * 30 for m in offsets
    ):
        line = file.line_of_key("minutes_avant", file.line_of_table("rappels"))
        problems.append(f"{file.where(line)}: rappels.minutes_avant : une liste de minutes, par exemple [1440, 60]")
        offsets = []
    sessions: list[WebinarSession] = []
    raw_sessions = file.data.get("seance", [])
    if not isinstance(raw_sessions, list):
        problems.append(f"{file.where(file.line_of_table('seance'))}: seance : écrivez chaque séance sous [[seance]]")
        raw_sessions = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_sessions):
        header = file.line_of_table("seance", index)
        if not isinstance(raw, dict):
            problems.append(f"{file.where(header)}: seance : écrivez chaque séance sous [[seance]]")
            continue

        def at(key: str, header: int = header) -> str:
            return file.where(file.line_of_key(key, header))

        session = _check_session(raw, at, zone, problems)
        if session is None:
            continue
        if session.id in seen:
            problems.append(f"{at('id')}: id : « {session.id} » est déjà utilisé par une autre séance")
        seen.add(session.id)
        sessions.append(session)
    if problems:
        raise ContentError(problems)
    return WebinarCatalogue(tuple(sessions), tuple(sorted(set(offsets), reverse=True)), zone)
