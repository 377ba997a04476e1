"""Webinar registration through the core: new and known users, waiting list and promotion,
cancellation, change of date, and each bad input (double registration, closed or deleted
session, stale buttons). Sessions come from a test data file (tests/support/webinars.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import build_app
from handlers.core.events import SendDocument
from storage.models import OutboxMessage, WebinarRegistration
from tests.support.chat import Chat
from tests.support.webinars import S1, S2, known_person, register, use_sessions


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, S1, S2)


class CountingChat(Chat):
    """Counts what the person does: taps on buttons and typed answers (commands excluded)."""

    taps = typed = 0

    async def press(self, label):
        self.taps += 1
        return await super().press(label)

    async def send(self, text):
        self.typed += not text.startswith("/")
        return await super().send(text)


async def registrations(app, session_id=None):
    async with app.sessions() as session:
        query = select(WebinarRegistration).order_by(WebinarRegistration.id)
        if session_id:
            query = query.where(WebinarRegistration.session_id == session_id)
        return (await session.scalars(query)).all()


async def outbox(app, prefix="webinar:"):
    async with app.sessions() as session:
        rows = await session.scalars(
            select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith(prefix)).order_by(OutboxMessage.id)
        )
        return rows.all()


def document(chat) -> SendDocument:
    return next(a for a in chat.replies if isinstance(a, SendDocument))


async def test_a_new_user_registers_from_the_deep_link(app):
    chat = CountingChat(app.dispatcher, 501, "Marie")
    await chat.send("/start webinaire")  # the dates first, before any personal question
    assert "Choisissez une date" in chat.text
    assert [b.label for b in chat.buttons()] == [
        "jeudi 12 mars, 13 h – 14 h",
        "jeudi 19 mars, 13 h – 14 h",
        "🏠 Menu principal",  # a way out
    ]
    assert "visio.example.org" not in chat.text  # the link is for registered people only
    await chat.press("jeudi 12 mars")
    assert "une seule fois" in chat.text and "accord" in chat.text
    await chat.press("✅ J'accepte")
    await chat.send("Marie Dupont")
    await chat.press("Maire")
    await chat.send("marie.dupont@mairie-albi.fr")
    await chat.send("81000")  # a postal code with one match: no extra step, the summary shows it
    summary = chat.text
    assert "jeudi 12 mars, 13 h – 14 h (heure de Paris)" in summary
    assert "Avec Camille Coordinatrice et Dominique Vie-Associative" in summary
    assert "Nom : Marie Dupont" in summary and "Collectivité : Albi (81)" in summary
    assert "visio.example.org" not in summary
    await chat.press("✅ Confirmer l'inscription")
    assert "vous êtes inscrit·e au webinaire du <b>jeudi 12 mars, 13 h – 14 h</b>" in chat.text
    assert 'href="https://visio.example.org/s1?a=1&amp;b=2"' in chat.text
    assert "rappel la veille et une heure avant" in chat.text
    invitation = document(chat)
    assert invitation.filename == "webinaire-s1.ics" and invitation.mime_type == "text/calendar"
    assert b"DTSTART:20260312T120000Z" in invitation.content and b"visio.example.org/s1" in invitation.content
    assert (chat.taps, chat.typed) == (4, 3)  # date, consent, role, confirm; name, e-mail, postal code
    [registration] = await registrations(app)
    assert (registration.status, registration.seat) == ("registered", 1)
    reminders = await outbox(app)
    assert [r.dedupe_key for r in reminders] == [f"webinar:{registration.id}:1440", f"webinar:{registration.id}:60"]
    assert all(r.chat_id == 501 for r in reminders)
    # sent late, never untrue: « Demain » not after midnight in Paris, « Dans une heure » not after 12:30
    assert [r.not_after.isoformat() for r in reminders] == ["2026-03-11T23:00:00+00:00", "2026-03-12T11:30:00+00:00"]


async def test_someone_who_types_instead_of_tapping_registers_all_the_same(app):
    chat = Chat(app.dispatcher, 530, "Marie")
    await chat.send("/webinaire")
    await chat.press("jeudi 12 mars")
    await chat.send("pourquoi ?")  # at the consent: the button that says why, not the FAQ
    assert "Ce que je conserve, et pourquoi" in chat.text and "Vouliez-vous dire" not in chat.text
    await chat.send("oui d'accord")
    assert "prénom et nom" in chat.text
    await chat.send("Marie Dupont")
    await chat.send("marie.dupont@mairie-albi.fr")  # the e-mail, one question early
    assert "Je n'ai rien enregistré" in chat.text and "Quelle est votre fonction ?" in chat.text
    assert "Vouliez-vous dire" not in chat.text and "Je ne sais pas" not in chat.text
    await chat.send("je suis maire")
    await chat.send("marie.dupont@mairie-albi.fr")
    await chat.send("81000")
    assert "Confirmez-vous votre inscription ?" in chat.text
    await chat.send("Oui, je confirme !")
    assert "vous êtes inscrit·e au webinaire du <b>jeudi 12 mars, 13 h – 14 h</b>" in chat.text
    [registration] = await registrations(app)
    assert registration.status == "registered"


async def test_a_no_typed_at_the_consent_registers_nothing(app):
    chat = Chat(app.dispatcher, 531, "Paul")
    await chat.send("/webinaire")
    await chat.press("jeudi 12 mars")
    await chat.send("oui mais je voudrais une autre date")  # neither a yes nor a no: not taken as one
    assert "prénom et nom" not in chat.text and "acceptez-vous" in chat.text
    await chat.send("non merci, pas maintenant")
    assert "je n'enregistre pas vos informations" in chat.text and "prénom et nom" not in chat.text
    assert await registrations(app) == []


async def test_the_summary_has_a_way_out_that_registers_no_one(app):
    await known_person(app, 520)
    chat = CountingChat(app.dispatcher, 520)
    await chat.send("/start webinaire")
    await chat.press("jeudi 19 mars")
    assert "Confirmez-vous votre inscription ?" in chat.text
    await chat.press("🏠 Menu principal")
    assert "Que souhaitez-vous faire ?" in chat.text
    assert await registrations(app) == []


async def test_a_known_user_registers_in_two_taps(app):
    await known_person(app, 502)
    chat = CountingChat(app.dispatcher, 502)
    await register(chat, "jeudi 19 mars")
    assert "inscrit·e au webinaire du <b>jeudi 19 mars" in chat.text
    assert (chat.taps, chat.typed) == (2, 0)


async def test_a_single_open_session_is_chosen_for_the_user(app, settings, clock, tmp_path):
    use_sessions(settings, tmp_path, S1)
    single = await build_app(settings, clock=clock)
    try:
        await known_person(single, 503)
        chat = CountingChat(single.dispatcher, 503)
        await chat.send("/menu")
        await chat.press("🖥 Webinaire")
        assert "Confirmez-vous votre inscription" in chat.text
        assert "Choisir une autre date" not in chat.text
        await chat.press("✅ Confirmer")
        assert "C'est confirmé" in chat.text and chat.taps == 2
    finally:
        await single.close()


async def test_registering_twice_for_one_session_is_refused_kindly(app):
    await known_person(app, 504)
    chat = Chat(app.dispatcher, 504)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    confirm = next(b.data for b in chat.buttons() if b.label.startswith("✅"))
    await chat.press_data(confirm)
    await chat.press_data(confirm)  # a double tap
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    assert "déjà inscrit·e à la séance du <b>jeudi 12 mars" in chat.text
    assert len(await registrations(app)) == 1


async def test_full_session_waiting_list_and_promotion_on_cancellation(app, clock):
    for user in (511, 512, 513):
        await known_person(app, user, f"Personne {user}")
    first, second, third = (Chat(app.dispatcher, u) for u in (511, 512, 513))
    for chat in (first, second):
        await register(chat, "jeudi 12 mars")
    await third.send("/start webinaire")
    assert "jeudi 12 mars, 13 h – 14 h · complet" in [b.label for b in third.buttons()]
    await third.press("jeudi 12 mars")
    assert "complète" in third.text and "liste d'attente" in third.text
    await third.press("✅ M'inscrire sur la liste d'attente")
    assert "liste d'attente du webinaire du <b>jeudi 12 mars, 13 h – 14 h</b> (position 1)" in third.text
    assert "visio.example.org" not in third.text
    assert not any(isinstance(a, SendDocument) for a in third.replies)

    clock.advance(hours=2)
    await first.send("/mesinscriptions")
    assert "jeudi 12 mars, 13 h – 14 h : inscrit·e" in first.text
    assert "Pour le rejoindre" in first.text and "visio.example.org" in first.text  # « où est le lien ? »
    await first.press("❌ Annuler")
    assert "Annuler votre inscription du <b>jeudi 12 mars" in first.text
    await first.press("Oui, annuler")
    assert "C'est annulé" in first.text

    regs = {r.person_id: r for r in await registrations(app)}
    statuses = sorted(r.status for r in regs.values())
    assert statuses == ["cancelled", "registered", "registered"]
    keys = {r.dedupe_key: r for r in await outbox(app)}
    first_id, third_id = (r.id for r in await registrations(app) if r.status != "registered" or r.promoted_at)
    assert all(keys[f"webinar:{first_id}:{m}"].status == "cancelled" for m in (1440, 60))
    notice = keys[f"webinar:{third_id}:promoted"]
    assert notice.chat_id == 513 and "une place s'est libérée" in notice.text and "visio.example.org/s1" in notice.text
    assert keys[f"webinar:{third_id}:1440"].status == "pending"
    await third.send("/mesinscriptions")
    assert "inscrit·e" in third.text and "attente" not in third.text


async def test_seats_added_in_the_sessions_file_go_to_the_people_waiting_at_start(app, settings, clock, tmp_path):
    from handlers.webinar.service import settle_at_start

    for user in (531, 532, 533):
        await known_person(app, user, f"Personne {user}")
    for user in (531, 532, 533):
        chat = Chat(app.dispatcher, user)
        await register(chat, "jeudi 12 mars")
    assert sorted(r.status for r in await registrations(app)) == ["registered", "registered", "waiting"]
    use_sessions(settings, tmp_path, {**S1, "places": 3}, S2)  # staff add a seat, then restart
    restarted = await build_app(settings, clock=clock)
    try:
        await settle_at_start(restarted.sessions, restarted.content.webinars, clock())
        waiting = next(r for r in await registrations(restarted) if r.promoted_at)
        assert (waiting.status, waiting.seat) == ("registered", 3)
        keys = {r.dedupe_key: r for r in await outbox(restarted)}
        notice = keys[f"webinar:{waiting.id}:promoted"]
        assert notice.chat_id == 533 and "une place s'est libérée" in notice.text
        assert keys[f"webinar:{waiting.id}:1440"].status == "pending"
        assert await settle_at_start(restarted.sessions, restarted.content.webinars, clock()) == 0  # once
    finally:
        await restarted.close()


async def test_typed_oui_at_the_cancellation_question_cancels(app):
    await known_person(app, 534)
    chat = Chat(app.dispatcher, 534)
    await register(chat, "jeudi 19 mars")
    await chat.send("/mesinscriptions")
    await chat.press("❌ Annuler")
    await chat.send("bonjour")  # not an answer: the question is asked again, not the list
    assert "Annuler votre inscription du <b>jeudi 19 mars" in chat.text
    await chat.send("oui")  # the « Oui, annuler » button
    assert "C'est annulé" in chat.text
    assert [r.status for r in await registrations(app)] == ["cancelled"]


async def test_leaving_the_waiting_list_promotes_nobody(app):
    for user in (521, 522, 523):
        await known_person(app, user)
    for user in (521, 522, 523):
        chat = Chat(app.dispatcher, user)
        await register(chat, "jeudi 12 mars")
    waiting = Chat(app.dispatcher, 523)
    await waiting.send("/mesinscriptions")
    assert "liste d'attente (position 1)" in waiting.text
    await waiting.press("❌ Quitter la liste d'attente")
    await waiting.press("Oui, annuler")
    assert [r.status for r in await registrations(app)] == ["registered", "registered", "cancelled"]
    assert not any(isinstance(a, SendDocument) for a in waiting.replies)  # no invitation was ever sent to withdraw
    registered = Chat(app.dispatcher, 522)
    await registered.send("/mesinscriptions")
    await registered.press("❌ Annuler")
    await registered.press("Oui, annuler")
    [cancel] = [a for a in registered.replies if isinstance(a, SendDocument)]
    assert cancel.filename == "annulation-webinaire-s1.ics" and "STATUS:CANCELLED" in cancel.content.decode()


async def test_changing_date_moves_the_seat_and_the_reminders(app):
    await known_person(app, 531)
    chat = Chat(app.dispatcher, 531)
    await register(chat, "jeudi 12 mars")
    await chat.send("/mesinscriptions")
    await chat.press("📅 Invitation agenda")
    assert document(chat).filename == "webinaire-s1.ics"
    first_uid = next(line for line in document(chat).content.decode().splitlines() if line.startswith("UID:"))
    await chat.press("🔁 Changer de date")
    assert [b.label for b in chat.buttons()] == ["jeudi 19 mars, 13 h – 14 h", "🗂 Mes inscriptions"]
    await chat.press("jeudi 19 mars")
    assert "maintenant inscrit·e au webinaire du <b>jeudi 19 mars" in chat.text
    cancel, invitation = [a for a in chat.replies if isinstance(a, SendDocument)]
    assert (cancel.filename, invitation.filename) == ("annulation-webinaire-s1.ics", "webinaire-s2.ics")
    # The old date leaves the calendar: the same event, cancelled.
    assert "METHOD:CANCEL" in cancel.content.decode() and first_uid in cancel.content.decode()
    assert "retirer l'ancienne date de votre agenda" in cancel.caption
    old, new = await registrations(app)
    assert (old.session_id, old.status, new.session_id, new.status) == ("s1", "cancelled", "s2", "registered")
    statuses = {r.dedupe_key.rsplit(":", 1)[0]: r.status for r in await outbox(app)}
    assert statuses == {f"webinar:{old.id}": "cancelled", f"webinar:{new.id}": "pending"}


async def test_a_session_that_closes_while_the_user_registers(app, clock):
    await known_person(app, 541)
    chat = Chat(app.dispatcher, 541)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    clock.set(clock.now.replace(month=3, day=12, hour=12, minute=30))  # 13:30 in Paris: started
    await chat.press("✅ Confirmer l'inscription")
    assert "les inscriptions à la séance du <b>jeudi 12 mars" in chat.text and "viennent de fermer" in chat.text
    others = ["jeudi 19 mars, 13 h – 14 h", "🏠 Menu principal"]
    assert [b.label for b in chat.buttons()] == others  # the others are offered
    assert await registrations(app) == []


async def test_past_and_closed_sessions_are_not_offered(app, settings, clock, tmp_path):
    closed = {**S2, "id": "closed", "fermeture": "2026-03-01T12:00:00"}
    past = {**S1, "id": "past", "debut": "2026-02-26T13:00:00"}
    use_sessions(settings, tmp_path, past, closed)
    other = await build_app(settings, clock=clock)
    try:
        chat = Chat(other.dispatcher, 542)
        await known_person(other, 542)
        await chat.send("/start webinaire")
        assert "Aucune séance du webinaire n'est ouverte" in chat.text
    finally:
        await other.close()


async def test_a_stale_button_of_a_deleted_session(app, settings, clock, tmp_path):
    await known_person(app, 551)
    chat = Chat(app.dispatcher, 551)
    await register(chat, "jeudi 12 mars")
    await chat.send("/start webinaire")
    s2_button = next(b.data for b in chat.buttons() if b.label.startswith("jeudi 19 mars"))

    use_sessions(settings, tmp_path, S2)  # staff removed s1, and s2 a moment later
    use_sessions(settings, tmp_path, {**S2, "id": "s3", "debut": "2026-03-26T13:00:00"})
    edited = await build_app(settings, clock=clock)
    try:
        chat.dispatcher = edited.dispatcher
        await chat.press_data(s2_button)
        assert chat.callback_answer.text == "Cette action n'est plus disponible."
        assert [b.label for b in chat.buttons()] == ["jeudi 26 mars, 13 h – 14 h", "🏠 Menu principal"]
        await chat.send("/menu")
        await chat.send("/mesinscriptions")
        assert "séance retirée du programme" in chat.text
        await chat.press("❌ Retirer la séance supprimée")
        await chat.press("Oui, annuler")
        assert "C'est annulé" in chat.text
        for forged in ("wm:abcd:cancel:1", "wbi:999999", "wbi:-1", "wb:zzzz:s:s3", "wbx:csv:*"):
            await chat.press_data(forged)
            assert chat.callback_answer.text == "Cette action n'est plus disponible.", forged
    finally:
        await edited.close()


async def test_nobody_can_touch_someone_elses_registration(app):
    await known_person(app, 561)
    await known_person(app, 562)
    owner = Chat(app.dispatcher, 561)
    await register(owner, "jeudi 12 mars")
    [registration] = await registrations(app)
    intruder = Chat(app.dispatcher, 562)
    await intruder.send("/mesinscriptions")
    await intruder.press_data(f"wbi:{registration.id}")
    assert intruder.callback_answer.text == "Cette action n'est plus disponible."
    assert not any(isinstance(a, SendDocument) for a in intruder.replies)


async def test_typing_or_sending_media_in_the_webinar_flow(app):
    await known_person(app, 571)
    chat = Chat(app.dispatcher, 571)
    await chat.send("/start webinaire")
    await chat.send("le 12 mars svp")
    assert "Touchez l'un des boutons" in chat.text and "Choisissez une date" in chat.text
    from handlers.core.events import Kind

    await chat.send_kind(Kind.PHOTO)
    assert "Choisissez une date" in chat.text
    await chat.send("/aide")
    assert "Ce que je sais faire" in chat.text and "Choisissez une date" in chat.text


async def test_a_registration_left_at_its_profile_questions_says_how_to_resume_it(app):
    chat = Chat(app.dispatcher, 592, "Marie")
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    await chat.press("✅ J'accepte")
    await chat.send("Marie Dupont")
    assert "Quelle est votre fonction ?" in chat.text
    await chat.send("/webinaire")  # what she would be told to do: not told
    assert "pas terminée" not in chat.text and "Choisissez une date" in chat.text
    await chat.press("jeudi 12 mars")
    assert "Quelle est votre fonction ?" in chat.text  # her name is kept: the next question
    await chat.send("/menu")
    assert "Votre inscription au webinaire n'est pas terminée : /webinaire pour la reprendre." in chat.text


async def test_the_day_before_reminder_keeps_the_paris_time_across_a_change_of_clocks(app, settings, clock, tmp_path):
    autumn = {"id": "s9", "debut": "2026-10-25T23:30:00", "places": 5, "lien": "https://visio.example.org/s9"}
    use_sessions(settings, tmp_path, S2, autumn)  # clocks go back at 3:00 that night
    webinars = await build_app(settings, clock=clock)
    try:
        await known_person(webinars, 598)
        await register(Chat(webinars.dispatcher, 598), "dimanche 25 octobre")
        rows = {r.dedupe_key.rsplit(":", 1)[1]: r for r in await outbox(webinars)}
        # « Demain » at 23:30 in Paris on the 24th (21:30 UTC, summer time), true until midnight
        assert rows["1440"].send_after.isoformat() == "2026-10-24T21:30:00+00:00"
        assert rows["1440"].not_after.isoformat() == "2026-10-24T22:00:00+00:00"
    finally:
        await webinars.close()


async def test_reminders_follow_a_date_link_or_offset_edited_by_staff(app, settings, clock, tmp_path):
    from handlers.webinar.service import settle_at_start

    await known_person(app, 581)
    chat = Chat(app.dispatcher, 581)
    await register(chat, "jeudi 12 mars")
    [registration] = await registrations(app)
    moved = {**S1, "debut": "2026-03-13T10:00:00", "lien": "https://visio.example.org/nouveau"}
    use_sessions(settings, tmp_path, moved, S2, offsets=(1440, 30))
    edited = await build_app(settings, clock=clock)
    try:
        assert await settle_at_start(edited.sessions, edited.content.webinars, clock()) == 3
        rows = {r.dedupe_key.rsplit(":", 1)[1]: r for r in await outbox(edited)}
        assert rows["60"].status == "cancelled"
        assert rows["1440"].status == rows["30"].status == "pending"
        assert rows["1440"].send_after.isoformat() == "2026-03-12T09:00:00+00:00"
        assert rows["30"].not_after.isoformat() == "2026-03-13T08:45:00+00:00"  # half its lead before the start
        assert "visio.example.org/nouveau" in rows["1440"].text and "vendredi 13 mars, 10 h – 11 h" in rows["1440"].text
        assert await settle_at_start(edited.sessions, edited.content.webinars, clock()) == 0  # idempotent
        use_sessions(settings, tmp_path, S2)  # the session is withdrawn
        withdrawn = await build_app(settings, clock=clock)
        try:
            await settle_at_start(withdrawn.sessions, withdrawn.content.webinars, clock())
            assert {r.status for r in await outbox(withdrawn, f"webinar:{registration.id}:")} == {"cancelled"}
        finally:
            await withdrawn.close()
    finally:
        await edited.close()


async def test_a_registration_to_an_example_session_is_listed_as_provisional(settings, clock, tmp_path):
    use_sessions(settings, tmp_path, {**S1, "provisoire": True}, S2)
    webinars = await build_app(settings, clock=clock)
    try:
        await known_person(webinars, 150)
        chat = Chat(webinars.dispatcher, 150)
        await chat.send("/start webinaire")
        await chat.press("jeudi 12 mars")
        await chat.press("✅ Confirmer")
        await chat.send("/mesinscriptions")
        assert "• jeudi 12 mars, 13 h – 14 h (date provisoire) : inscrit·e" in chat.text
        assert "sera envoyé ici dès que l'association l'aura communiqué" in chat.text  # no example link given
    finally:
        await webinars.close()


async def test_someone_with_a_seat_is_offered_a_change_of_date_not_a_second_seat(app):
    await known_person(app, 160)
    chat = Chat(app.dispatcher, 160)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    await chat.press("✅ Confirmer")
    await chat.send("/start webinaire")
    await chat.press("jeudi 19 mars")
    assert "déjà inscrit·e au webinaire du <b>jeudi 12 mars" in chat.text and "changez-la" in chat.text
    assert [b.label for b in chat.buttons()] == ["🗂 Mes inscriptions"]
    assert [(r.session_id, r.status) for r in await registrations(app)] == [("s1", "registered")]


async def test_the_change_of_date_list_says_which_sessions_are_full(app):
    for user in (170, 171, 172):
        await known_person(app, user)
    for user, day in ((170, "jeudi 19 mars"), (171, "jeudi 12 mars"), (172, "jeudi 12 mars")):  # s1 has 2 seats
        chat = Chat(app.dispatcher, user)
        await chat.send("/start webinaire")
        await chat.press(day)
        await chat.press("✅ Confirmer")
    mover = Chat(app.dispatcher, 170)
    await mover.send("/mesinscriptions")
    await mover.press("🔁 Changer de date")
    assert [b.label for b in mover.buttons()] == ["jeudi 12 mars, 13 h – 14 h · complet", "🗂 Mes inscriptions"]


async def test_the_menu_shows_the_registration_to_come_and_leads_to_it(app):
    await known_person(app, 520)
    chat = Chat(app.dispatcher, 520)
    await chat.send("/menu")
    assert not any(b.label.startswith("🗂") for b in chat.buttons())
    await register(chat, "jeudi 19 mars")
    await chat.send("/annuler")  # nothing in progress: the menu, with the way to the registration
    await chat.press("🗂 Mon webinaire : jeudi 19 mars")
    assert "<b>Vos inscriptions</b>" in chat.text and "❌ Annuler" in [b.label for b in chat.buttons()]


async def test_a_place_on_the_waiting_list_is_shown_as_such_in_the_menu(app):
    for person in (521, 522, 523):  # s1 has two seats: the third waits
        await known_person(app, person, f"Personne {person}")
        chat = Chat(app.dispatcher, person)
        await register(chat, "jeudi 12 mars")
    await chat.send("/menu")
    assert "🗂 Webinaire du jeudi 12 mars : liste d'attente" in [b.label for b in chat.buttons()]


def test_each_reminder_says_how_soon_the_webinar_starts():
    from handlers.webinar.reminders import lead

    assert [lead(m) for m in (1440, 2880, 60, 180, 30, 90, 1)] == [
        "Demain",
        "Dans 2 jours",
        "Dans une heure",
        "Dans 3 heures",
        "Dans 30 minutes",
        "Rappel",
        "Dans une minute",
    ]
