"""Webinar test data: a sessions file relative to the FakeClock's start (2 March 2026, 10:00
in Paris), and people whose profile is already complete (« known users »)."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from storage.models import Person
from storage.repositories import CollectivityRepository, PeopleRepository

S1 = {"id": "s1", "debut": "2026-03-12T13:00:00", "places": 2, "lien": "https://visio.example.org/s1?a=1&b=2"}
S2 = {"id": "s2", "debut": "2026-03-19T13:00:00", "places": 50, "lien": "https://visio.example.org/s2"}


def sessions_toml(*sessions: dict, offsets: tuple[int, ...] = (1440, 60)) -> str:
    parts = [f"[rappels]\nminutes_avant = {list(offsets)}\n"]
    for session in sessions:
        title = session.get("titre", "Webinaire d'information")
        lines = [
            "[[seance]]",
            f'id = "{session["id"]}"',
            f'titre = "{title}"',
            f"debut = {session['debut']}",
            f"duree_minutes = {session.get('duree', 60)}",
            'intervenants = ["Camille Coordinatrice", "Dominique Vie-Associative"]',
            f"places = {session['places']}",
            f'lien = "{session["lien"]}"',
        ]
        if "fermeture" in session:
            lines.append(f"fermeture_inscriptions = {session['fermeture']}")
        if session.get("provisoire"):
            lines.append("provisoire = true")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def use_sessions(settings: Settings, directory: Path, *sessions: dict, offsets: tuple[int, ...] = (1440, 60)) -> Path:
    path = directory / "webinaires.toml"
    path.write_text(sessions_toml(*sessions, offsets=offsets), encoding="utf-8")
    settings.data.webinaires = str(path)
    return path


async def known_person(app, telegram_id: int, name: str = "Jeanne Martin", *, code: str = "81004") -> Person:
    """Someone who already answered every profile question (Albi by default)."""
    directory = app.content.collectivities
    entry = directory.get(code)
    async with app.sessions() as session, session.begin():
        person = await PeopleRepository(session).get_or_create(telegram_id, first_name=name.split()[0])
        collectivity = await CollectivityRepository(session).get_or_create(
            code=entry.code, kind=entry.kind, name=entry.name, department=entry.department, population=entry.population
        )
        person.role, person.profile_name, person.email = "maire", name, f"{name.split()[0].lower()}@example.fr"
        person.collectivity_id = collectivity.id
        person.consent_data_at = app.services.clock()
    return person


async def register(chat, day: str) -> None:
    """From the deep link: the date whose button starts with `day` (« jeudi 12 mars »), then its « ✅ »
    (a seat, or the waiting list when the session is full). The person's profile is complete."""
    await chat.send("/start webinaire")
    await chat.press(day)
    await chat.press("✅")
