"""Seats are assigned by the database, safely, on SQLite and PostgreSQL: the race for the last
seat (one gets it, the other the waiting list), the constraints behind it, promotion order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from bot.app import build_app
from bot.config import Settings
from storage.database import create_engine, session_factory
from storage.models import WebinarRegistration
from storage.repositories import PeopleRepository, WebinarRepository
from storage.repositories.webinar import AlreadyRegistered
from tests.support.chat import Chat
from tests.support.clock import FakeClock
from tests.support.webinars import S1, known_person, use_sessions

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


async def people(sessions, *telegram_ids: int) -> list[int]:
    async with sessions() as session, session.begin():
        rows = [await PeopleRepository(session).get_or_create(t) for t in telegram_ids]
        await session.flush()
        return [p.id for p in rows]


async def register_in_own_transaction(
    sessions, telegram_id: int, person_id: int, capacity: int, hold: asyncio.Event | None = None
):
    """Like the dispatcher: one transaction per update, the person touched first."""
    async with sessions() as session, session.begin():
        await PeopleRepository(session).get_or_create(telegram_id, first_name="X")
        registration = await WebinarRepository(session).register("s1", person_id, capacity, NOW)
        if hold is not None:
            await hold.wait()  # keep the transaction open while the other one tries
        return registration.status, registration.seat


async def test_two_users_race_for_the_last_seat(sessions):
    alice, bob = await people(sessions, 1, 2)
    release = asyncio.Event()
    first = asyncio.create_task(register_in_own_transaction(sessions, 1, alice, 1, hold=release))
    await asyncio.sleep(0.05)  # alice holds the seat, not yet committed
    second = asyncio.create_task(register_in_own_transaction(sessions, 2, bob, 1))
    await asyncio.sleep(0.2)  # bob is now waiting on the lock or the seat's unique key
    release.set()
    results = await asyncio.gather(first, second)
    assert sorted(status for status, _ in results) == ["registered", "waiting"]
    assert sorted(seat or 0 for _, seat in results) == [0, 1]


async def test_many_concurrent_registrations_never_overbook(sessions):
    ids = await people(sessions, *range(10, 22))
    results = await asyncio.gather(
        *(register_in_own_transaction(sessions, 10 + i, pid, 5) for i, pid in enumerate(ids))
    )
    seats = sorted(seat for status, seat in results if status == "registered")
    assert seats == [1, 2, 3, 4, 5]
    assert sum(status == "waiting" for status, _ in results) == 7


async def test_the_database_refuses_a_seat_twice_and_a_second_active_registration(sessions):
    alice, bob = await people(sessions, 31, 32)
    async with sessions() as session, session.begin():
        session.add(WebinarRegistration(session_id="s1", person_id=alice, status="registered", seat=1, created_at=NOW))
    with pytest.raises(IntegrityError):
        async with sessions() as session, session.begin():
            session.add(
                WebinarRegistration(session_id="s1", person_id=bob, status="registered", seat=1, created_at=NOW)
            )
    with pytest.raises(IntegrityError):
        async with sessions() as session, session.begin():
            session.add(WebinarRegistration(session_id="s1", person_id=alice, status="waiting", created_at=NOW))
    async with sessions() as session, session.begin():  # a cancelled one does not count
        session.add(WebinarRegistration(session_id="s1", person_id=alice, status="cancelled", created_at=NOW))
        with pytest.raises(AlreadyRegistered):
            await WebinarRepository(session).register("s1", alice, 10, NOW)


async def test_cancelling_promotes_the_waiting_list_in_order(sessions):
    ids = await people(sessions, 41, 42, 43, 44)
    async with sessions() as session, session.begin():
        repo = WebinarRepository(session)
        regs = [await repo.register("s1", pid, 2, NOW) for pid in ids]
        assert [r.status for r in regs] == ["registered", "registered", "waiting", "waiting"]
        assert [await repo.waiting_position(r) for r in regs[2:]] == [1, 2]
    async with sessions() as session, session.begin():
        repo = WebinarRepository(session)
        await repo.cancel(await repo.get(regs[0].id), NOW)
        promoted = await repo.fill_free_seats("s1", 2, NOW)
        assert [p.id for p in promoted] == [regs[2].id]
        assert (promoted[0].seat, promoted[0].promoted_at is not None) == (1, True)
        counts = await repo.counts()
        assert (counts["s1"].registered, counts["s1"].waiting) == (2, 1)


async def test_the_race_through_the_dispatcher_on_each_backend(database_url, tmp_path):
    settings = Settings()
    settings.database.url = database_url
    use_sessions(settings, tmp_path, {**S1, "places": 1})
    app = await build_app(settings, clock=FakeClock())
    try:
        await known_person(app, 701)
        await known_person(app, 702)
        chats = [Chat(app.dispatcher, 701), Chat(app.dispatcher, 702)]
        for chat in chats:
            await chat.send("/start webinaire")  # both see the summary with a free seat
            assert "✅ Confirmer l'inscription" in [b.label for b in chat.buttons()]
        await asyncio.gather(*(chat.press("✅ Confirmer l'inscription") for chat in chats))
        outcomes = sorted("inscrit·e au webinaire" in c.text for c in chats)
        assert outcomes == [False, True]
        loser = next(c for c in chats if "inscrit·e au webinaire" not in c.text)
        assert "liste d'attente" in loser.text and "(position 1)" in loser.text
    finally:
        await app.close()
