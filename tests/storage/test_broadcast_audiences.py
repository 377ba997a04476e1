"""/diffusion in the neutral core: every audience counted from the database (blocked people
left out, and those who muted announcements, except for their own webinar session),
department typed, bad input and stale or forged buttons, one job per confirmation."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core.events import Kind
from storage.models import BroadcastJob, Collectivity, OutboxMessage
from storage.models.sheets import ActionSheet, SheetAnswer
from storage.models.webinar import WebinarRegistration
from storage.repositories.audiences import Audience, AudienceRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.outbox import add_people, person


async def seed(app) -> None:
    async with app.sessions() as session, session.begin():
        gironde = Collectivity(code="33063", kind="commune", name="Bordeaux", department="33")
        ain = Collectivity(code="01001", kind="commune", name="L'Abergement", department="01")
        session.add_all([gironde, ain])
        await session.flush()
        ids = {"gironde": gironde.id, "ain": ain.id}
    await add_people(app, [701, 702], role="maire", collectivity_id=ids["gironde"])
    await add_people(app, [703], role="agent", collectivity_id=ids["ain"])
    await add_people(app, [704], role="maire", collectivity_id=ids["ain"], blocked=True)
    await add_people(app, [705], role="elu")
    await add_people(app, [706], role="maire", collectivity_id=ids["ain"], reminders_muted=True)  # /rappels
    async with app.sessions() as session, session.begin():
        draft = ActionSheet(collectivity_id=ids["ain"], edition=2027, enjeu="e1", created_by=703, updated_by=703)
        session.add(draft)
        await session.flush()
        session.add(SheetAnswer(sheet_id=draft.id, field="titre", value="Wifi public", updated_by=703))
        session.add(
            ActionSheet(
                collectivity_id=ids["gironde"],
                edition=2027,
                enjeu="e1",
                status="soumise",
                created_by=701,
                updated_by=701,
            )
        )
        mayor = await person_id(session, 701)
        session.add(WebinarRegistration(session_id="s1", person_id=mayor, status="registered", seat=1))
        session.add(WebinarRegistration(session_id="s1", person_id=await person_id(session, 705), status="cancelled"))
        muted = await person_id(session, 706)
        session.add(WebinarRegistration(session_id="s1", person_id=muted, status="registered", seat=2))


async def person_id(session, telegram_id: int) -> int:
    from storage.models import Person

    return await session.scalar(select(Person.id).where(Person.telegram_id == telegram_id))


async def test_audiences_count_the_right_people_and_never_those_who_blocked_the_bot(app):
    await seed(app)
    async with app.sessions() as session:
        audiences = AudienceRepository(session)
        assert await audiences.recipients(Audience("all")) == [701, 702, 703, 705]
        assert await audiences.recipients(Audience("role", "maire")) == [701, 702]
        assert await audiences.recipients(Audience("department", "01")) == [703]
        assert await audiences.recipients(Audience("unsubmitted", "2027")) == [703]
        assert await audiences.recipients(Audience("unsubmitted", "2028")) == []
        assert await audiences.recipients(Audience("session", "s1")) == [701, 706]  # muted: news of their own seat
        assert list(await audiences.departments()) == ["01", "33"]


async def start(chat: Chat, text: str = "Bonjour <b>à tous</b>") -> None:
    await chat.send("/diffusion")
    await chat.send(text)


async def test_department_typed_and_only_one_job_for_a_double_tap(app):
    await seed(app)
    staff = Chat(app.dispatcher, STAFF_ID)
    await start(staff)
    assert "Aperçu" in staff.texts[0] and staff.texts[1] == "Bonjour <b>à tous</b>"
    await staff.press("📍 Par département")
    await staff.send("Atlantide")
    assert "n'est pas un numéro de département" in staff.text
    await staff.send("33")
    assert "partira à <b>2</b> personnes (département 33)" in staff.text
    confirm = staff.buttons()[0].data
    await staff.press_data(confirm)
    assert "Diffusion n°1" in staff.text
    await staff.press_data(confirm)  # the same button again
    assert staff.callback_answer.text == "Cette action n'est plus disponible."
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(BroadcastJob)) == 1
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


async def test_every_audience_is_offered_and_an_empty_one_asks_again(app):
    await seed(app)
    staff = Chat(app.dispatcher, STAFF_ID)
    await start(staff)
    labels = [b.label for b in staff.buttons()]
    assert labels[:3] == ["👥 Tout le monde", "🎭 Par rôle", "📍 Par département"]
    assert "📝 Collectivités avec des fiches non soumises" in labels
    await staff.press("📝 Collectivités")
    assert "partira à <b>1</b> personne" in staff.text
    await staff.press("↩️ Changer le public")
    await staff.press("🎭 Par rôle")
    await staff.press("Autre")
    assert "Personne ne correspond" in staff.text
    await staff.press("👥 Tout le monde")
    assert "partira à <b>5</b> personnes" in staff.text  # 4 + the staff member, not the one who blocked


async def test_bad_input_during_the_flow(app):
    staff = Chat(app.dispatcher, STAFF_ID)
    await staff.send("/diffusion")
    await staff.send_kind(Kind.STICKER)
    assert "J'attends le texte du message" in staff.text
    for bad, words in (
        ("<br>", "n'existe pas"),
        ("<b>gras", "jamais fermée"),
        ('<a href="x">l</a>', "https://"),
    ):
        await staff.send(bad)
        assert "Telegram refuserait ce message" in staff.text and words in staff.text, bad
    await staff.send("/menu")  # a way out at any time
    await staff.press_data("bcf:zzzz:all")
    assert staff.callback_answer.text == "Cette action n'est plus disponible."


async def test_progress_buttons_are_refused_to_people_who_are_not_staff(app):
    await seed(app)
    staff = Chat(app.dispatcher, STAFF_ID)
    await start(staff)
    await staff.press("👥 Tout le monde")
    await staff.press("✅ Envoyer")
    intruder = Chat(app.dispatcher, 701)
    for data in ("bcj:pause:1", "bcj:cancelok:1", "bcj:pause:999", "bcj:explode:1", "bcj:pause:-1", "bcf:abcd:go"):
        await intruder.press_data(data)
        assert intruder.callback_answer.text == "Cette action n'est plus disponible."
    async with app.sessions() as session:
        assert (await session.get(BroadcastJob, 1)).status == "running"
    assert not (await person(app, 701)).is_staff
