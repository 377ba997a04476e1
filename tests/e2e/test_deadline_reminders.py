"""Deadline reminders with an injected clock, through both libraries: due at each offset, once
per person (also after a restart), only to members of collectivities with unsubmitted sheets,
with what is left, a « Reprendre » button that opens the sheets and one that stops them (/rappels);
nothing while the date is empty."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.workers.deadlines import DeadlineScheduler
from bot.workers.outbox import OutboxWorker
from handlers.content.deadlines import due_reminders, load_deadlines
from handlers.content.errors import ContentError
from storage.models import Collectivity
from storage.models.sheets import ActionSheet, SheetAnswer
from tests.support.outbox import add_people

PARIS = ZoneInfo("Europe/Paris")
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "echeances.toml"
CLOSING = date(2026, 4, 15)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def seed(app) -> None:
    async with app.sessions() as session, session.begin():
        ain = Collectivity(code="01001", kind="commune", name="L'Abergement", department="01")
        gironde = Collectivity(code="33063", kind="commune", name="Bordeaux", department="33")
        session.add_all([ain, gironde])
        await session.flush()
        draft = ActionSheet(collectivity_id=ain.id, edition=2027, enjeu="e1", created_by=901, updated_by=901)
        returned = ActionSheet(
            collectivity_id=ain.id, edition=2027, enjeu="e2", status="a_corriger", created_by=901, updated_by=901
        )
        done = ActionSheet(
            collectivity_id=gironde.id, edition=2027, enjeu="e1", status="soumise", created_by=903, updated_by=903
        )
        session.add_all([draft, returned, done])
        await session.flush()
        session.add(SheetAnswer(sheet_id=draft.id, field="titre", value="Wifi <public>", updated_by=901))
        session.add(SheetAnswer(sheet_id=returned.id, field="services", value='["Un service"]', updated_by=901))
        ids = (ain.id, gironde.id)
    await add_people(app, [901], role="maire", collectivity_id=ids[0])
    await add_people(app, [902], role="agent", collectivity_id=ids[0], blocked=True)
    await add_people(app, [903], role="maire", collectivity_id=ids[1])
    await add_people(app, [904], role="elu")


def scheduler(app, clock, closing: date | None = CLOSING) -> DeadlineScheduler:
    edition = app.content.edition
    edition = dataclasses.replace(edition, year=2027, dates={**edition.dates, "date_limite": closing})
    return DeadlineScheduler(app.sessions, load_deadlines(SHIPPED), edition, clock, PARIS)


async def test_reminders_go_once_at_each_offset_with_what_is_left_and_a_resume_button(telegram, clock):
    app, api = telegram.app, telegram.api
    await seed(app)
    mayor = telegram.user(901, "Maire")
    api.add_user(903)
    outbox = OutboxWorker(app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)

    assert await scheduler(app, clock).run_once() == 0  # 2 March: nothing due yet
    clock.set(utc(2026, 3, 16, 7, 59))  # 08:59 in Paris
    assert await scheduler(app, clock).run_once() == 0
    clock.set(utc(2026, 3, 16, 8, 0))  # 30 days before, 09:00 in Paris
    assert await scheduler(app, clock).run_once() == 1
    assert await scheduler(app, clock).run_once() == 0  # once, even after a restart
    clock.advance(days=2)
    assert await scheduler(app, clock).run_once() == 0

    await outbox.run_once()
    reminder = await mayor.reply()
    assert "Rappel : La clôture des participations est le mercredi 15 avril 2026 (dans 30 jours)" in reminder.text
    assert "Il reste 2 fiches à soumettre" in reminder.text and "Wifi <public>" in reminder.text
    assert reminder.button_labels == ["📝 Reprendre mes fiches", "🔕 Ne plus recevoir de rappels"]
    assert api.messages(903) == []  # everything submitted

    await mayor.press("📝 Reprendre mes fiches")
    assert (await mayor.callback_answer()).text != "Cette action n'est plus disponible."
    opened = await mayor.reply()  # the sheets feature takes over (here: its consent question)
    assert "arrive bientôt" not in opened.text and "plus valable" not in opened.text

    clock.set(utc(2026, 4, 8, 7, 0))  # 7 days before, 09:00 in Paris (summer time)
    assert await scheduler(app, clock).run_once() == 1
    await outbox.run_once()
    assert "(dans 7 jours)" in api.messages(901)[-1].text

    await mayor.press("🔕 Ne plus recevoir de rappels", message=api.messages(901)[-1])
    assert "je ne vous enverrai plus les rappels" in (await mayor.reply()).text
    clock.set(utc(2026, 4, 14, 7, 0))  # the day before, 09:00 in Paris: muted, nothing for them
    assert await scheduler(app, clock).run_once() == 0


async def test_no_reminder_while_the_date_is_not_announced(app, clock):
    await seed(app)
    clock.set(utc(2026, 4, 14, 12, 0))
    assert await scheduler(app, clock, closing=None).run_once() == 0


def test_only_the_latest_reminder_reached_is_due_until_the_deadline_ends():
    [closing] = load_deadlines(SHIPPED)
    edition = type("E", (), {"dates": {"date_limite": CLOSING}})()

    def offsets(moment: datetime) -> list[int]:
        return [r.offset for r in due_reminders([closing], edition, moment, PARIS)]

    assert offsets(utc(2026, 3, 1)) == []
    assert offsets(utc(2026, 4, 10)) == [7]  # the bot was down on the 8th: J-7 still, not J-30
    assert offsets(utc(2026, 4, 15, 21, 59)) == [1]  # the deadline day, 23:59 in Paris
    assert offsets(utc(2026, 4, 15, 22, 0)) == []  # over


def test_mistakes_in_the_deadlines_file_name_the_file_and_line(tmp_path):
    bad = tmp_path / "echeances.toml"
    bad.write_text('[[echeance]]\ncle = "Clôture !"\nnom = "x"\ndate = "edition.inconnue"\nrappels_jours = [30, -1]\n')
    with pytest.raises(ContentError) as error:
        load_deadlines(bad)
    text = str(error.value)
    assert f"{bad}:2: echeance.cle" in text and f"{bad}:4: echeance.date" in text
    assert f"{bad}:5: echeance.rappels_jours" in text
