"""RGPD: /mesdonnees sends everything kept about the person as JSON; /effacer, once confirmed,
erases it and keeps only anonymous counts; features plug their own data into the registry."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from handlers.core.events import SendDocument
from handlers.core.personal_data import DataSection
from storage.models import ConversationState, OutboxMessage, Person, WebinarRegistration
from tests.support.chat import Chat
from tests.support.webinars import S1, S2, known_person, use_sessions


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, {**S1, "places": 1}, S2)


async def register(app, user_id: int, date: str) -> Chat:
    chat = Chat(app.dispatcher, user_id)
    await chat.send("/start webinaire")
    await chat.press(date)
    await chat.press("✅")
    return chat


def exported(chat) -> dict:
    document = next(a for a in chat.replies if isinstance(a, SendDocument))
    assert document.filename == "mes-donnees-arobase.json" and document.mime_type == "application/json"
    return json.loads(document.content)


async def test_my_data_lists_profile_registrations_and_what_is_kept_why(app):
    await known_person(app, 601, "Jeanne <Martin> & Fils")
    chat = await register(app, 601, "jeudi 12 mars")
    await chat.send("/mesdonnees")
    assert "Ce que je conserve, et pourquoi" in chat.text and "inscriptions aux webinaires" in chat.text
    assert chat.texts[0].split("\n")[1].startswith("• Vos nom, fonction, adresse e-mail")  # what everyone gives, first
    assert "diffusions que vous avez lancées" not in chat.text  # kept about staff members only
    data = exported(chat)
    assert data["profil"]["nom"] == "Jeanne <Martin> & Fils"
    assert data["profil"]["collectivite"] == {"code": "81004", "nom": "Albi", "departement": "81"}
    assert data["profil"]["telegram"]["identifiant"] == 601
    assert [(w["seance"], w["statut"]) for w in data["webinaires"]] == [("s1", "inscrit·e")]
    assert set(data) >= {"profil", "conversation", "webinaires"}


async def test_erasure_needs_confirmation_and_keeps_nothing_that_identifies(app, clock):
    await known_person(app, 602, "Jeanne Martin")
    await known_person(app, 603, "Paul Attente")
    chat = await register(app, 602, "jeudi 12 mars")
    await register(app, 603, "jeudi 12 mars")  # full (1 place): waiting list

    await chat.send("/effacer")
    assert "Effacer vos données" in chat.text and "définitive" in chat.text
    assert "fichiers que vous y avez joints sont retirés" in chat.text and "accès au dossier prend fin" in chat.text
    await chat.press("Non, les garder")
    assert "Rien n'a été effacé" in chat.text
    await chat.send("/effacer")
    await chat.press("🗑 Oui, effacer mes données")
    assert "vos données sont effacées" in chat.text

    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == 602))
        assert (person.profile_name, person.email, person.first_name, person.role) == ("", "", "", None)
        assert person.collectivity_id is None and person.consent_data_at is None
        regs = (await session.scalars(select(WebinarRegistration).order_by(WebinarRegistration.id))).all()
        assert [(r.person_id is None, r.status) for r in regs] == [(True, "cancelled"), (False, "registered")]
        reminders = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 602))).all()
        assert reminders and all(r.status == "cancelled" for r in reminders)
        promoted = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "webinar_promoted"))).all()
        assert [m.chat_id for m in promoted] == [603]  # the freed seat went to the next person
        state = await session.get(ConversationState, 602)
        assert state.flow is None and state.data == {}
    await chat.send("/mesdonnees")
    data = exported(chat)
    assert data["profil"]["nom"] == "" and data["webinaires"] == []


async def test_past_registrations_stay_counted_without_the_person(app, clock):
    await known_person(app, 604)
    chat = await register(app, 604, "jeudi 19 mars")
    clock.set(clock.now.replace(day=20))  # after the session
    await chat.send("/effacer")
    await chat.press("🗑 Oui")
    async with app.sessions() as session:
        [registration] = (await session.scalars(select(WebinarRegistration))).all()
    assert (registration.status, registration.person_id) == ("registered", None)
    staff = Chat(app.dispatcher, 9000)
    await staff.send("/inscrits")
    assert "1 inscrit·es / 50 places" in staff.text
    await staff.press("CSV 19/03")
    csv_text = next(a for a in staff.replies if isinstance(a, SendDocument)).content.decode("utf-8-sig")
    assert "(données effacées)" in csv_text


async def test_a_feature_registers_its_own_data(app):
    erased = []

    async def export(ctx):
        return {"questions": ["Quand est la date limite ?"]}

    async def erase(ctx):
        erased.append(ctx.person.telegram_id)

    section = DataSection(
        "questions", kept="Vos questions à l'équipe : pour vous répondre.", export=export, erase=erase, columns=()
    )
    app.services.personal_data += (section,)
    chat = Chat(app.dispatcher, 605)
    await chat.send("/mesdonnees")
    assert "Vos questions à l'équipe" in chat.text
    assert exported(chat)["questions"] == {"questions": ["Quand est la date limite ?"]}
    await chat.send("/effacer")
    await chat.press("🗑 Oui")
    assert erased == [605]


async def test_stale_erase_buttons_do_nothing(app):
    await known_person(app, 606)
    chat = Chat(app.dispatcher, 606)
    await chat.send("/effacer")
    stale = next(b.data for b in chat.buttons() if b.label.startswith("🗑"))
    await chat.press("Non, les garder")
    await chat.press_data(stale)
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    async with app.sessions() as session:
        assert (await session.scalar(select(Person.email).where(Person.telegram_id == 606))) != ""


async def test_a_question_typed_at_the_erase_confirmation_erases_nothing(app):
    await known_person(app, 607)
    chat = Chat(app.dispatcher, 607)
    await chat.send("/effacer")
    for asked in (
        "effacer ?",
        "mes données ?",
        "pourquoi effacer ?",
        "pourquoi effacer mes données ?",
        "oui effacer mes données ?",
        "effacer mes données ?",
    ):
        await chat.send(asked)  # a question about the button, not a « oui »
        assert "🗑 Oui, effacer mes données" in [b.label for b in chat.buttons()]
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == 607))
    assert person is not None and person.profile_name
