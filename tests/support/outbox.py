"""Helpers for outbox and broadcast tests: a real library sender talking to the fake Bot API,
people in the database, and what each chat received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from sqlalchemy import select

from storage.models import DecidedAs, Membership, MembershipStatus, OutboxMessage, Person
from storage.repositories import PeopleRepository
from storage.repositories.broadcasts import BroadcastRepository
from tests.fakebotapi import FakeBotAPI


@asynccontextmanager
async def library_sender(api: FakeBotAPI, library: str) -> AsyncIterator[object]:
    """AiogramSender or PtbSender (initialized) pointed at the fake server."""
    if library == "aiogram":
        from bot.transports.aiogram_transport import AiogramSender, make_bot

        bot = make_bot(api.token, api.base_url)
        try:
            yield AiogramSender(bot)
        finally:
            await bot.session.close()
    else:
        from bot.transports.ptb_transport import PtbSender, make_application

        application = make_application(api.token, api.base_url)
        await application.initialize()
        try:
            yield PtbSender(application)
        finally:
            await application.shutdown()


async def add_people(app, ids: Iterable[int], *, member: bool = True, **fields) -> None:
    """People in the database; given a `collectivity_id`, accepted members of its dossier
    (unless `member=False`: they only declared it)."""
    async with app.sessions() as session, session.begin():
        people = PeopleRepository(session)
        for telegram_id in ids:
            person = await people.get_or_create(telegram_id, first_name=f"P{telegram_id}")
            for name, value in fields.items():
                setattr(person, name, value)
            if member and fields.get("collectivity_id") is not None:
                await session.flush()
                session.add(
                    Membership(
                        person_id=person.id,
                        collectivity_id=fields["collectivity_id"],
                        status=MembershipStatus.ACTIVE,
                        decided_as=DecidedAs.STAFF,
                        decided_by=0,
                        reason="",
                    )
                )


async def start_job(app, recipients: Iterable[int], text: str = "Bonjour <b>à tous</b>", *, by: int = 9000) -> int:
    async with app.sessions() as session, session.begin():
        job = await BroadcastRepository(session).create(
            created_by=by,
            text=text,
            audience={"kind": "all", "value": ""},
            audience_label="tout le monde",
            recipients=recipients,
            now=app.services.clock(),
        )
        return job.id


async def rows(app, **where) -> list[OutboxMessage]:
    async with app.sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        for name, value in where.items():
            query = query.where(getattr(OutboxMessage, name) == value)
        return list((await session.scalars(query)).all())


async def statuses(app, **where) -> dict[int, str]:
    return {row.chat_id: row.status for row in await rows(app, **where)}


async def person(app, telegram_id: int) -> Person | None:
    async with app.sessions() as session:
        return await session.scalar(select(Person).where(Person.telegram_id == telegram_id))


def received(api: FakeBotAPI, chat_id: int) -> list[str]:
    """Texts of the messages the bot sent to a chat (as the user sees them)."""
    return [m.text for m in api.messages(chat_id)]


def send_attempts(api: FakeBotAPI, chat_id: int) -> int:
    return sum(1 for r in api.requests if r.method == "sendMessage" and int(r.params.get("chat_id", 0)) == chat_id)
