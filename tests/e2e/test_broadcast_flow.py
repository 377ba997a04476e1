"""/diffusion end to end through aiogram and python-telegram-bot: invalid markup reported,
preview identical to what recipients get, audience and count, pause / resume / cancel from the
progress message, 403 recorded, progress edited and final report."""

from __future__ import annotations

from sqlalchemy import select

from bot.workers.broadcasts import BroadcastMonitor
from bot.workers.outbox import OutboxWorker
from storage.models import AuditEntry, BroadcastJob
from tests.conftest import STAFF_ID
from tests.support.outbox import add_people, person, received, statuses

MAYORS = [601, 602, 603]


def workers(telegram, clock):
    app = telegram.app
    outbox = OutboxWorker(app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)
    return outbox, BroadcastMonitor(app.sessions, telegram.sender, clock, interval=0)


async def write_to_mayors(staff, text: str) -> None:
    await staff.send("/diffusion")
    assert "Nouvelle diffusion" in (await staff.reply()).text
    await staff.send(text)
    notice, preview, question = await staff.replies(3)
    assert "Aperçu" in notice.text and question.text == "À qui l'envoyer ?"
    await staff.press("🎭 Par rôle")
    assert (await staff.reply()).text == "Quel rôle ?"
    await staff.press("Maire")
    return preview


async def test_broadcast_with_preview_pause_resume_blocked_recipient_and_report(telegram, clock):
    api, app = telegram.api, telegram.app
    for user_id in MAYORS:
        api.add_user(user_id)
    await add_people(app, MAYORS, role="maire")
    await add_people(app, [604], role="agent")
    api.add_user(604)
    api.block(603, notify=False)
    outbox, monitor = workers(telegram, clock)
    staff = telegram.user(STAFF_ID, "Équipe")

    await staff.send("/diffusion")
    await staff.reply()
    await staff.send("Fête du label <b>jeudi</b> apéro</i>")
    refused = await staff.reply()
    assert "Telegram refuserait ce message" in refused.text and "ferme une balise" in refused.text

    await staff.send("/annuler")
    await staff.reply()
    text = 'Fête du label <b>jeudi</b> &amp; <i>apéro</i> : <a href="https://www.villes-internet.net">programme</a>'
    preview = await write_to_mayors(staff, text)
    confirm = await staff.reply()
    assert "Ce message partira à 3 personnes (rôle : Maire)" in confirm.text
    await staff.press("✅ Envoyer à 3 personnes")
    progress = await staff.reply()
    assert "Diffusion n°1" in progress.text and progress.button_labels == ["⏸ Pause", "⏹ Annuler"]

    await staff.press("⏸ Pause")
    paused = await staff.reply()
    assert "en pause" in paused.text and paused.button_labels == ["▶️ Reprendre", "⏹ Annuler"]
    await outbox.run_once()
    assert received(api, 601) == []

    await staff.press("▶️ Reprendre")
    assert "en cours" in (await staff.reply()).text
    await outbox.run_once()
    for user_id in (601, 602):
        [message] = api.messages(user_id)
        assert (message.text, message.entities) == (preview.text, preview.entities)
    assert received(api, 603) == [] and received(api, 604) == []
    assert (await person(app, 603)).blocked

    await monitor.run_once()  # job finished: progress message closed, report queued
    await outbox.run_once()
    final, report = await staff.replies(2)
    assert "terminée" in final.text and final.button_labels == []
    assert "Diffusion n°1 terminée" in report.text
    assert "Envoyés : 2 sur 3" in report.text and "Ont bloqué le bot : 1" in report.text
    async with app.sessions() as session:
        actions = (
            await session.scalars(select(AuditEntry.action).where(AuditEntry.actor_telegram_id == STAFF_ID))
        ).all()
    assert {"broadcast_started", "broadcast_pause", "broadcast_resume"} <= set(actions)


async def test_cancelling_a_broadcast_stops_what_was_not_sent(telegram, clock):
    api, app = telegram.api, telegram.app
    for user_id in MAYORS:
        api.add_user(user_id)
    await add_people(app, MAYORS, role="maire")
    outbox, monitor = workers(telegram, clock)
    staff = telegram.user(STAFF_ID, "Équipe")

    await write_to_mayors(staff, "Changement de programme")
    await staff.reply()
    await staff.press("✅ Envoyer à 3 personnes")
    await staff.reply()
    await staff.press("⏹ Annuler")
    asked = await staff.reply()
    assert "Annuler la diffusion ?" in asked.text
    await staff.press("Non, continuer")
    assert (await staff.reply()).button_labels == ["⏸ Pause", "⏹ Annuler"]
    await staff.press("⏹ Annuler")
    await staff.reply()
    await staff.press("Oui, annuler la diffusion")
    closed = await staff.reply()
    assert "annulée" in closed.text and closed.button_labels == []
    await outbox.run_once()  # nothing was in flight: the report was queued with the cancel
    report = await staff.reply()
    assert "Diffusion n°1 annulée" in report.text and "Non envoyés : 3" in report.text

    await outbox.run_once()
    await monitor.run_once()
    assert all(received(api, user_id) == [] for user_id in MAYORS)
    async with app.sessions() as session:
        job = await session.scalar(select(BroadcastJob))
    assert job.status == "cancelled"
    assert set((await statuses(app, job_id=job.id)).values()) == {"cancelled"}
    await staff.press_data(f"bcj:resume:{job.id}")  # an old button of a finished job
    assert "déjà" in (await staff.callback_answer()).text


async def test_the_running_bot_sends_the_outbox_and_stops_cleanly(settings, clock):
    import asyncio

    from bot.app import build_app
    from bot.runner import run_telegram
    from storage.repositories import OutboxRepository
    from tests.fakebotapi import FakeBotAPI
    from tests.support.telegram import point_at
    from tests.support.waiting import eventually

    async with FakeBotAPI() as api:
        api.add_user(610)
        point_at(settings, api, "aiogram")
        app = await build_app(settings, clock=clock)
        async with app.sessions() as session, session.begin():
            await OutboxRepository(session).schedule(610, "Queued before the start", kind="test", send_after=clock())
        stop = asyncio.Event()
        running = asyncio.create_task(run_telegram(app, stop))
        try:
            await eventually(lambda: _got(api, 610), what="the queued message")
        finally:
            stop.set()
            await asyncio.wait_for(running, 30)
            await app.close()
    assert received(api, 610) == ["Queued before the start"]


async def _got(api, chat_id):
    return bool(api.messages(chat_id))


async def _start_to_mayors(telegram, count: int):
    api, app = telegram.api, telegram.app
    recipients = list(range(620, 620 + count))
    for user_id in recipients:
        api.add_user(user_id)
    await add_people(app, recipients, role="maire")
    staff = telegram.user(STAFF_ID, "Équipe")
    await write_to_mayors(staff, "Réunion demain")
    await staff.reply()
    await staff.press(f"✅ Envoyer à {count} personnes")
    progress = await staff.reply()
    return staff, recipients, progress


def _got_it(api, recipients) -> int:
    return sum(1 for user_id in recipients if received(api, user_id) == ["Réunion demain"])


async def test_a_cancel_in_the_middle_of_a_send_waits_for_it_and_reports_what_arrived(telegram, clock):
    import asyncio

    from tests.support.waiting import eventually

    api = telegram.api
    outbox, monitor = workers(telegram, clock)
    staff, recipients, progress = await _start_to_mayors(telegram, 6)
    api.hold("sendMessage")  # Telegram is slow: the first send stays in flight
    sending = asyncio.create_task(outbox.run_once())
    await eventually(lambda: _true(api.held >= 1), what="a send in flight")

    await staff.press("⏹ Annuler", message=progress)
    asked = await staff.reply()
    assert "Annuler la diffusion ?" in asked.text
    await monitor.run_once()  # the progress refresh leaves the question alone
    await monitor.run_once()
    assert staff.events[-1].text == asked.text and "Oui, annuler la diffusion" in staff.events[-1].button_labels

    await staff.press("Oui, annuler la diffusion")
    closing = await staff.reply()
    assert "annulation en cours" in closing.text and "en cours : les chiffres suivront" in closing.text
    await monitor.run_once()
    api.release("sendMessage")
    await sending
    await monitor.run_once()  # the send in flight settled: the job is closed, its report queued
    await outbox.run_once()
    final, report = staff.events[-2:]
    arrived = _got_it(api, recipients)
    assert 1 <= arrived < len(recipients)
    assert "annulée" in final.text and f"envoyés : {arrived}" in final.text
    assert f"Envoyés : {arrived} sur {len(recipients)}" in report.text
    assert f"Non envoyés : {len(recipients) - arrived}" in report.text
    sent_rows = [s for s in (await statuses(telegram.app, job_id=1)).values() if s == "sent"]
    assert len(sent_rows) == arrived


async def test_a_pause_in_the_middle_of_a_send_shows_it_then_the_settled_counts(telegram, clock):
    import asyncio

    from tests.support.waiting import eventually

    api = telegram.api
    outbox, monitor = workers(telegram, clock)
    staff, recipients, progress = await _start_to_mayors(telegram, 6)
    api.hold("sendMessage")
    sending = asyncio.create_task(outbox.run_once())
    await eventually(lambda: _true(api.held >= 1), what="a send in flight")

    await staff.press("⏸ Pause", message=progress)
    paused = await staff.reply()
    assert "en pause" in paused.text and "en cours : les chiffres suivront" in paused.text
    api.release("sendMessage")
    await sending
    await monitor.run_once()
    settled = staff.events[-1]
    arrived = _got_it(api, recipients)
    assert "en pause" in settled.text and "les chiffres suivront" not in settled.text
    assert f"envoyés : {arrived}" in settled.text and 1 <= arrived < len(recipients)
    await outbox.run_once()  # paused: nothing more leaves
    assert _got_it(api, recipients) == arrived


async def _true(value) -> bool:
    return bool(value)
