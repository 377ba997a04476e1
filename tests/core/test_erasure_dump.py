"""/effacer for real: a person leaves a trace in every table the bot has (profile, webinar,
sheets and attachments, a question forwarded to staff and the phrasing learned from it, a
membership request, an invitation, messages sent and to send, handled updates, the audit
log); after erasure a dump of every table holds nothing that identifies them, beyond the
technical Telegram id the README says is kept (and why)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from handlers.core.aftercommit import settle
from storage.models import Base, OutboxMessage, Person
from storage.repositories import OutboxRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.sheets import fill_whole_sheet, join
from tests.support.webinars import S2, use_sessions

ZOE = 7770001
NAME, EMAIL, USERNAME = "Zoé Trace-Unique", "zoe.trace@exemple-mairie.fr", "zoe_trace_tg"
QUESTION = "Zoé Trace-Unique voudrait savoir si le label accepte une fiche écrite en occitan"
# Where the bare Telegram id may remain, and why (README, « Données personnelles »):
KEEPS_THE_ID = {
    "people": "the technical id, to answer if the person writes again",
    "conversation_states": "an empty conversation row of that id",
    "processed_updates": "the /effacer update itself, purged after 7 days",
    "audit_log": "security log, purged after 365 days",
    "outbox": "cancelled messages, emptied",
}


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, S2)


async def dump(app) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    async with app.sessions() as session:
        for name in Base.metadata.tables:
            rows = (await session.execute(text(f'SELECT * FROM "{name}"'))).all()
            tables[name] = [" | ".join(str(value) for value in row) for row in rows]
    return tables


async def test_after_erasure_no_table_identifies_the_person(app):
    app.services.bot_username = "arobase_test_bot"
    await join(app.sessions, ZOE, name=NAME)
    async with app.sessions() as session, session.begin():
        person = await session.scalar(select(Person).where(Person.telegram_id == ZOE))
        person.email, person.username, person.last_name = EMAIL, USERNAME, "Trace-Unique"
    zoe = Chat(app.dispatcher, ZOE, "Zoé")

    await zoe.send("/start webinaire")
    await zoe.press("✅ Confirmer")
    await fill_whole_sheet(zoe)
    await zoe.send_photo(caption=f"photo prise par {NAME}")
    await zoe.send("/menu")
    await zoe.send("/inviter")
    await zoe.send(QUESTION)
    await zoe.press_data("faq:fwd")  # « Transmettre » or « Aucune de celles-ci »: the question goes to staff
    await zoe.send("/relecture")  # refused: in the audit log
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    await staff.press("🔗 Rattacher")
    await staff.press(staff.buttons()[0].label)
    async with app.sessions() as session, session.begin():
        outbox = OutboxRepository(session)
        await outbox.schedule(ZOE, f"Bonjour {NAME}", kind="test", send_after=app.services.clock())
        sent = await outbox.schedule(ZOE, f"Déjà envoyé à {NAME}", kind="test", send_after=app.services.clock())
        sent.status = "sent"

    before = await dump(app)
    assert any(NAME in row for rows in before.values() for row in rows)  # the probe finds her before
    assert any(NAME in p for entry in app.content.faq.kb for p in entry.extra_phrasings)  # learned from her

    await zoe.send("/effacer")
    await zoe.press("🗑 Oui, effacer mes données")
    after = await dump(app)
    for table, rows in after.items():
        for row in rows:
            for trace in (NAME, "Trace-Unique", EMAIL, USERNAME, "médiathèque mobile"):
                assert trace not in row, (table, row)
            if str(ZOE) in row.split(" | "):
                assert table in KEEPS_THE_ID, (table, row)
    async with app.sessions() as session:
        left = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == ZOE))).all()
        assert all(m.status == "cancelled" and m.text == "" for m in left)
    await settle()
    assert not any(NAME in p for entry in app.content.faq.kb for p in entry.extra_phrasings)  # nor the matcher


async def deliver_everything(app) -> None:
    """As the outbox worker would: every pending row sent (its report, if any, is queued), twice
    so that the reports themselves are sent too."""
    for _ in range(2):
        async with app.sessions() as session, session.begin():
            outbox = OutboxRepository(session)
            pending = (await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending"))).all()
            for row in pending:
                row.status, row.claimed_by = "sending", "test"
            await session.flush()
            for row in pending:
                await outbox.finish(row.id, "sent", owner="test", now=app.services.clock(), report=row.report)


async def test_the_name_in_a_message_to_someone_else_goes_with_the_person_it_names(app):
    """Two messages to others that carry Zoé's name: staff told « votre réponse a été remise à
    Zoé … » once their answer reached her, and Paul told « accès validé par Zoé … »."""
    paul_id = 7770002
    await join(app.sessions, ZOE, name=NAME)
    await join(app.sessions, paul_id, name="Paul Martin", member=False)
    zoe = Chat(app.dispatcher, ZOE, "Zoé")
    await zoe.send(QUESTION)
    await zoe.press_data("faq:fwd")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    await staff.press("✍️ Répondre")
    await staff.send("Oui, avec une traduction.")
    await staff.press("📨 Envoyer")
    paul = Chat(app.dispatcher, paul_id, "Paul")
    await paul.send("/fiches")
    await paul.press_data("mbt:ask")
    [request] = [b for b in (await zoe.send("/equipe")) and zoe.buttons() if b.label.startswith("✅")]
    await zoe.press_data(request.data)
    await zoe.press("✅ Oui, donner l'accès")
    await deliver_everything(app)
    async with app.sessions() as session:
        sent = (await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent"))).all()
    assert any(m.chat_id == STAFF_ID and m.kind == "report" and NAME in m.text for m in sent)
    assert any(m.chat_id == paul_id and f"par {NAME}" in m.text for m in sent)

    await zoe.send("/effacer")
    await zoe.press("🗑 Oui, effacer mes données")
    for table, rows in (await dump(app)).items():
        for row in rows:
            assert NAME not in row and "Trace-Unique" not in row, (table, row)
