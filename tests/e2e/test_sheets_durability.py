"""Durability: the bot process is killed (SIGKILL) at random points while a person fills sheets.

`arobase run` runs as a real subprocess (aiogram, long polling) against the fake Bot API served
by this test. A simulated person keeps filling sheets as a person would (after a silence they
reopen « Fiches actions » and press « Reprendre »); the bot is killed KILLS times, each time at
a random moment after it answered again, and restarted. Every answer the bot acknowledged
(« ✅ C'est enregistré (Titre). ») must then be in the database. Bounded: a few kills, ~30 s.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from storage.database import create_engine, session_factory
from tests.fakebotapi import FakeBotAPI, SimulatedUser
from tests.support.sheets import all_sheets, join

pytestmark = pytest.mark.slow  # real processes, killed and restarted

KILLS = 5
ANSWERS_AFTER_LAST_KILL = 6
USER_ID = 4900
LABELS = {
    "Titre": 1,
    "Synthèse": 2,
    "Niveau de réalisation": 3,
    "Résultats": 4,
    "Outils": 5,
    "Partenaires": 6,
    "Date de début": 7,
    "Lien": 8,
}
FIELDS = {
    1: "titre",
    2: "synthese",
    3: "niveau",
    4: "resultats",
    5: "outils",
    6: "partenaires",
    7: "date_debut",
    8: "lien",
}
ACK = re.compile(r"✅ C'est enregistré \(([^:)]+)(?:\)| : )")
TITLE = re.compile(r"^(?:📝|📋) (S(\d+)-Q1|Fiche sans titre)\s*$", re.M)
QUESTION = re.compile(r"Question (\d)/8")


def expected(sheet: int, question: int) -> str:
    if question == 3:
        return "En cours"
    if question == 7:
        return f"2025-{sheet % 12 + 1:02d}-01"
    if question == 8:
        return f"https://www.example.fr/s{sheet}"
    return f"S{sheet}-Q{question}"


def typed(sheet: int, question: int) -> str:
    if question == 7:
        return f"01/{sheet % 12 + 1:02d}/2025"
    if question == 8:
        return f"www.example.fr/s{sheet}"
    return expected(sheet, question)


class Person:
    """Fills sheets by reading the bot's latest message; records every acknowledged answer."""

    def __init__(self, user: SimulatedUser) -> None:
        self.user = user
        self.acked: set[tuple[int, int]] = set()  # (sheet number, question number)
        self.highest = 0
        self.replied = asyncio.Event()

    async def act_and_read(self, action) -> str | None:
        start = len(self.user.chat.events)
        await action()
        events = self.user.chat.events
        if not await self.user.api.notifier.wait_until(lambda: len(events) > start, 6.0):
            return None
        await asyncio.sleep(0.05)  # a reply may come in two messages
        for message in events[start:]:
            self.note_acks(message.text)
        self.replied.set()
        return events[-1].text

    def note_acks(self, text: str) -> None:
        title = TITLE.search(text)
        for label in ACK.findall(text):
            if label in LABELS and title and title.group(2):
                self.acked.add((int(title.group(2)), LABELS[label]))
        if title and title.group(2):
            self.highest = max(self.highest, int(title.group(2)))

    async def next_move(self, screen: str | None) -> str | None:
        user = self.user
        if screen is None:  # silence (the bot was down): come back through the dossier
            return await self.act_and_read(lambda: user.send("/start fiches"))
        last = user.chat.events[-1] if user.chat.events else None
        buttons = last.button_labels if last else []
        # Tap on the message being read: after a restart, a reply held back by the kill can arrive
        # after a newer message (an old sheet's tick shown again), and its buttons are that message's.
        on_screen = last.message_id if last else None
        question = QUESTION.search(screen)
        if question:
            number = int(question.group(1))
            title = TITLE.search(screen)
            sheet = int(title.group(2)) if title and title.group(2) else self.highest + 1
            if number == 3:
                return await self.act_and_read(lambda: user.press("En cours", on_screen))
            return await self.act_and_read(lambda: user.send(typed(sheet, number)))
        taps = ("📨 Oui, soumettre", "📨 Soumettre", "➕ Oui, une autre action", "▶️ Reprendre", "➕ Nouvelle fiche")
        for label in taps:
            if any(b.startswith(label) for b in buttons):
                return await self.act_and_read(lambda label=label: user.press(label, on_screen))
        if "Quels services" in screen:
            tap = "✅ Valider" if any(b.startswith("☑️") for b in buttons) else "⬜ Accès à l'emploi"
            return await self.act_and_read(lambda: user.press(tap, on_screen))
        if "Fiches actions —" in screen:
            return await self.act_and_read(lambda: user.press("Emploi", on_screen))
        return await self.act_and_read(lambda: user.send("/start fiches"))


def bot_command(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "--config", str(config), *args]


async def start_bot(config: Path, log: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AROBASE_")}
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            *bot_command(config, "run"), cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out
        )


async def test_every_acknowledged_answer_survives_sigkill(tmp_path):
    rng = random.Random(20260302)
    async with FakeBotAPI(max_poll_timeout=0.5) as api:
        database = tmp_path / "arobase.db"
        config = tmp_path / "config.toml"
        config.write_text(
            f'[telegram]\ntoken = "{api.token}"\nlibrary = "aiogram"\napi_server = "{api.base_url}"\n'
            f'[database]\nurl = "sqlite:///{database}"\n[bot]\nlog_level = "WARNING"\n',
            encoding="utf-8",
        )
        subprocess.run(bot_command(config, "db", "upgrade"), cwd=PROJECT_ROOT, check=True, capture_output=True)
        engine = create_engine(f"sqlite:///{database}")
        sessions = session_factory(engine)
        await join(sessions, USER_ID)
        person = Person(api.user(USER_ID, "Durable"))
        log = tmp_path / "bot.log"
        bot = await start_bot(config, log)
        killed = 0
        try:
            screen = await person.act_and_read(lambda: person.user.send("/start fiches"))

            async def killer() -> None:
                nonlocal bot, killed
                while killed < KILLS:
                    person.replied.clear()
                    await person.replied.wait()  # the bot is up and answering again
                    await asyncio.sleep(rng.uniform(0.0, 0.8))
                    bot.send_signal(signal.SIGKILL)
                    await bot.wait()
                    killed += 1
                    bot = await start_bot(config, log)

            killing = asyncio.create_task(killer())
            answers_after = 0
            for _ in range(600):
                before = len(person.acked)
                screen = await person.next_move(screen)
                if killing.done():
                    answers_after += len(person.acked) - before
                    if answers_after >= ANSWERS_AFTER_LAST_KILL:
                        break
            killing.result()
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
                await asyncio.wait_for(bot.wait(), 30)
        sheets = {s.title: s for s in await all_sheets(sessions)}
        await engine.dispose()

    assert killed == KILLS
    missing = [
        (sheet, question)
        for sheet, question in sorted(person.acked)
        if f"S{sheet}-Q1" not in sheets or sheets[f"S{sheet}-Q1"].value(FIELDS[question]) != expected(sheet, question)
    ]
    assert len(person.acked) >= ANSWERS_AFTER_LAST_KILL + KILLS, log.read_text()[-3000:]
    assert missing == [], (missing, log.read_text()[-3000:])
    print(f"\ndurability: {KILLS} SIGKILLs, {len(person.acked)} acknowledged answers, {len(sheets)} sheets, 0 lost")
