"""Webinar registration end to end, through aiogram and python-telegram-bot and the fake Bot
API: new and known users, waiting list and promotion, cancellation, reminders sent by the
outbox worker with an injected clock (once, never cancelled, never late, after a restart),
staff exports, and the bad inputs."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from bot.workers.outbox import OutboxWorker
from tests.support.webinars import S1, S2, known_person, use_sessions


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, S1, S2)


def worker(telegram, clock) -> OutboxWorker:
    return OutboxWorker(telegram.app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)


async def register_known(telegram, user_id: int, date: str = "jeudi 12 mars"):
    await known_person(telegram.app, user_id, f"Personne {user_id}")
    user = telegram.user(user_id, f"P{user_id}")
    await user.send("/start webinaire")
    await user.reply()
    await user.press(date)
    await user.reply()
    await user.press("✅")
    return user


async def test_new_user_registration_with_the_taps_counted(telegram):
    marie = telegram.user(8101, "Marie")
    taps = typed = 0
    await marie.send("/start webinaire")
    _, dates = await marie.replies(2)  # the dates first, before any personal question
    assert dates.button_labels == ["jeudi 12 mars, 13 h – 14 h", "jeudi 19 mars, 13 h – 14 h", "🏠 Menu principal"]
    await marie.press("jeudi 12 mars")
    taps += 1
    _, consent = await marie.replies(2)
    assert "accord" in consent.text
    await marie.press("✅ J'accepte")
    taps += 1
    assert "prénom et nom" in (await marie.reply()).text
    await marie.send("Marie Dupont")
    typed += 1
    assert "fonction" in (await marie.reply()).text
    await marie.press("Maire")
    taps += 1
    assert "adresse e-mail" in (await marie.reply()).text
    await marie.send("marie@mairie-albi")
    typed += 1  # a mistake
    assert "nom de domaine complet" in (await marie.reply()).text
    await marie.send("marie@mairie-albi.fr")
    typed += 1
    assert "collectivité" in (await marie.reply()).text
    await marie.send("pas une commune zzqxw")
    typed += 1  # unknown
    assert "Je ne trouve aucune collectivité" in (await marie.reply()).text
    await marie.send("sainte marie")  # a name shared by several: a choice
    typed += 1
    pick = await marie.reply()
    assert pick.button_labels[0] == "Sainte-Marie (974) — 37\u202f093 hab."
    assert pick.button_labels[-1] == "Aucune de celles-ci"
    await marie.press("Aucune de celles-ci")
    await marie.reply()
    await marie.send("81000")  # the postal code: one match, confirmed with the summary
    typed += 1
    _, summary = await marie.replies(2)
    assert "Collectivité : Albi (81)" in summary.text
    assert "Nom : Marie Dupont" in summary.text and "https://visio" not in summary.text
    await marie.press("✅ Confirmer l'inscription")
    taps += 1
    confirmation, invitation = await marie.replies(2)
    assert "vous êtes inscrit·e au webinaire du jeudi 12 mars, 13 h – 14 h" in confirmation.text
    assert "https://visio.example.org/s1?a=1&b=2" in confirmation.text
    assert invitation.kind == "document" and invitation.document.filename == "webinaire-s1.ics"
    assert b"BEGIN:VEVENT" in invitation.document.content
    assert (taps, typed - 3) == (4, 3)  # without the mistakes and the detour: 4 taps, 3 typed answers


async def test_known_user_two_taps_and_a_second_registration_refused(telegram):
    await known_person(telegram.app, 8102)
    jeanne = telegram.user(8102, "Jeanne")
    await jeanne.send("/start webinaire")
    await jeanne.reply()
    await jeanne.press("jeudi 19 mars")
    assert "Confirmez-vous votre inscription" in (await jeanne.reply()).text
    await jeanne.press("✅ Confirmer l'inscription")
    confirmation, _ = await jeanne.replies(2)
    assert "jeudi 19 mars" in confirmation.text
    await jeanne.send("/start webinaire")
    await jeanne.reply()
    await jeanne.press("jeudi 19 mars")
    assert "déjà inscrit·e" in (await jeanne.reply()).text


async def test_two_people_race_for_the_last_seat(telegram):
    await known_person(telegram.app, 8103)
    await known_person(telegram.app, 8104)
    users = [telegram.user(8103, "A"), telegram.user(8104, "B")]
    # S1 has 2 places: one taken, one left for the two of them.
    await register_known(telegram, 8105)
    for user in users:
        await user.send("/start webinaire")
        await user.reply()
        await user.press("jeudi 12 mars")
        await user.reply()
    for user in users:  # both confirm at once; the dispatcher runs two users in parallel
        await user.press("✅ Confirmer l'inscription")
    texts = [(await u.reply()).text for u in users]
    assert sorted("vous êtes inscrit·e" in t for t in texts) == [False, True]
    assert any("liste d'attente" in t for t in texts)


async def test_waiting_list_promotion_is_told_by_the_outbox_worker(telegram, clock):
    first = await register_known(telegram, 8111)
    await first.replies(2)
    second = await register_known(telegram, 8112)
    await second.replies(2)
    third = await register_known(telegram, 8113)
    assert "position 1" in (await third.reply()).text

    await first.send("/mesinscriptions")
    await first.reply()
    await first.press("❌ Annuler")
    await first.reply()
    await first.press("Oui, annuler")
    assert "C'est annulé" in (await first.reply()).text

    assert await worker(telegram, clock).run_once() == 1
    notice = await third.reply()
    assert "une place s'est libérée" in notice.text and "https://visio.example.org/s1" in notice.text
    await third.press("📅 Invitation agenda", notice)
    assert (await third.reply()).document.filename == "webinaire-s1.ics"


async def test_reminders_are_sent_once_on_time_and_never_to_cancelled_people(telegram, clock):
    staying = await register_known(telegram, 8121)
    await staying.replies(2)
    leaving = await register_known(telegram, 8122)
    await leaving.replies(2)
    await leaving.send("/mesinscriptions")
    await leaving.reply()
    await leaving.press("❌ Annuler")
    await leaving.reply()
    await leaving.press("Oui, annuler")
    cancelled, calendar = await leaving.replies(2)
    assert "C'est annulé" in cancelled.text
    assert calendar.document.filename == "annulation-webinaire-s1.ics"  # takes the date out of the calendar

    sender = worker(telegram, clock)
    assert await sender.run_once() == 0  # nothing due on 2 March
    clock.set(clock.now.replace(day=11, hour=12, minute=1))  # the day before, 13:01 in Paris
    assert await sender.run_once() == 1
    reminder = await staying.reply()
    assert "Demain : webinaire « Webinaire d'information », jeudi 12 mars, 13 h – 14 h" in reminder.text
    assert reminder.button_labels == ["▶️ Rejoindre le webinaire", "🗂 Gérer mon inscription"]
    assert await sender.run_once() == 0  # sent once
    await leaving.no_reply()

    # The bot restarts while the one-hour reminder is due: the new worker sends it, once.
    clock.set(clock.now.replace(day=12, hour=11, minute=15))  # 12:15 in Paris
    restarted = worker(telegram, clock)
    assert await restarted.run_once() == 1
    assert "Dans une heure : webinaire « Webinaire d'information »" in (await staying.reply()).text
    assert await restarted.run_once() == 0
    await staying.press("🗂 Gérer mon inscription")
    assert "jeudi 12 mars, 13 h – 14 h : inscrit·e" in (await staying.reply()).text


async def test_no_reminder_after_the_session_started(telegram, clock):
    late = await register_known(telegram, 8131)
    await late.replies(2)
    clock.set(clock.now.replace(day=12, hour=12, minute=5))  # the bot was down until after 13:00
    assert await worker(telegram, clock).run_once() == 2  # both settled as expired
    await late.no_reply()


async def test_a_reminder_too_late_to_say_demain_is_not_sent_and_the_next_one_is(telegram, clock):
    """The bot was down when the day-before reminder was due; back three hours before the start, it
    does not say « Demain » the same morning; the one-hour reminder comes on time."""
    person = await register_known(telegram, 8132)
    await person.replies(2)
    clock.set(clock.now.replace(day=12, hour=9, minute=0))  # 10:00 in Paris, the webinar at 13:00
    sender = worker(telegram, clock)
    assert await sender.run_once() == 1  # the day-before reminder, settled as expired
    await person.no_reply()
    clock.set(clock.now.replace(day=12, hour=11, minute=1))
    assert await sender.run_once() == 1
    assert "Dans une heure : webinaire « Webinaire d'information »" in (await person.reply()).text


async def test_a_reminder_due_while_the_bot_was_down_goes_out_at_restart_if_still_true(telegram, clock):
    from handlers.webinar.service import settle_at_start

    person = await register_known(telegram, 8133)
    await person.replies(2)
    clock.set(clock.now.replace(day=12, hour=11, minute=10))  # 12:10 in Paris: the bot was down at 12:00
    await settle_at_start(telegram.app.sessions, telegram.app.content.webinars, clock())  # what a restart runs
    await worker(telegram, clock).run_once()
    assert "Dans une heure : webinaire « Webinaire d'information »" in (await person.reply()).text
    await person.no_reply()  # « Demain », too late to be true, is not sent


async def test_a_session_closing_during_registration(telegram, clock):
    await known_person(telegram.app, 8141)
    user = telegram.user(8141, "Lent")
    await user.send("/start webinaire")
    await user.reply()
    await user.press("jeudi 12 mars")
    await user.reply()
    clock.set(clock.now.replace(day=12, hour=12, minute=30))
    await user.press("✅ Confirmer l'inscription")
    closed, others = await user.replies(2)
    assert "viennent de fermer" in closed.text
    assert others.button_labels == ["jeudi 19 mars, 13 h – 14 h", "🏠 Menu principal"]


async def test_staff_lists_sessions_and_exports_csv_and_xlsx(telegram):
    for user_id in (8151, 8152, 8153):
        await (await register_known(telegram, user_id)).replies(1)
    staff = telegram.user(9000, "Équipe")
    await staff.send("/inscrits")
    overview = await staff.reply()
    assert "2 inscrit·es / 2 places, 1 en attente" in overview.text
    assert "0 inscrit·es / 50 places, 0 en attente" in overview.text
    await staff.press("CSV 12/03")
    sheet = (await staff.reply()).document
    assert sheet.filename.endswith(".csv") and sheet.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Séance", "Titre", "Date", "Statut"]
    assert [r[3] for r in rows[1:]] == ["Inscrit·e", "Inscrit·e", "Liste d'attente"]
    assert rows[1][4:8] == ["Personne 8151", "Maire", "personne@example.fr", "Albi"]
    assert rows[1][2] == "12/03/2026 13:00"
    await staff.press("Excel (toutes)")
    book = load_workbook(io.BytesIO((await staff.reply()).document.content))
    values = list(book.active.values)
    assert values[0][0] == "Séance" and len(values) == 4

    mayor = telegram.user(8151, "P")
    await mayor.send("/inscrits")
    assert "Je ne connais pas la commande /inscrits" in (await mayor.reply()).text
    await mayor.press_data("wbx:csv:*")
    assert (await mayor.callback_answer()).text == "Cette action n'est plus disponible."


async def test_my_data_and_erasure_end_to_end(telegram):
    user = await register_known(telegram, 8161)
    await user.replies(2)
    await user.send("/mesdonnees")
    explanation, data = await user.replies(2)
    assert "Ce que je conserve" in explanation.text
    assert data.document.filename == "mes-donnees-arobase.json" and b'"seance": "s1"' in data.document.content
    await user.send("/effacer")
    await user.reply()
    await user.press("🗑 Oui, effacer mes données")
    assert "vos données sont effacées" in (await user.reply()).text
    await user.send("/start")
    _, question = await user.replies(2)
    assert "qui êtes-vous" in question.text  # nothing is known about them any more


async def test_a_stale_button_of_a_session_staff_deleted(telegram, settings, tmp_path):
    import dataclasses

    from handlers.content.sessions import load_sessions

    await known_person(telegram.app, 8171)
    user = telegram.user(8171, "Vieux")
    await user.send("/start webinaire")
    dates = await user.reply()
    # Staff delete s1 from the file and the bot restarts with it; the old list is still on screen.
    edited = use_sessions(settings, tmp_path, S2)
    services = telegram.app.services
    services.content = dataclasses.replace(services.content, webinars=load_sessions(edited, services.timezone))
    await user.press("jeudi 12 mars", dates)
    assert (await user.callback_answer()).text == "Cette action n'est plus disponible."
    notice, again = await user.replies(2)
    assert "plus valable" in notice.text and again.button_labels == ["jeudi 19 mars, 13 h – 14 h", "🏠 Menu principal"]
