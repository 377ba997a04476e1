"""Memberships and invitations in the database, on SQLite and PostgreSQL: a decision and an
invitation are taken once even by concurrent transactions, one request per person at a time,
and the migration turns yesterday's links into active memberships."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Collectivity, DecidedAs, Membership, Person
from storage.repositories import PeopleRepository
from storage.repositories.invitations import InvitationRepository
from storage.repositories.locks import lock_person
from storage.repositories.memberships import MembershipRepository
from tests.support.databases import postgres_database, sqlite_database

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(database_url):
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()


async def person_and_place(sessions) -> tuple[int, int]:
    async with sessions() as s, s.begin():
        place = Collectivity(code="81004", kind="commune", name="Albi", department="81", population=49000)
        person = Person(telegram_id=501, first_name="Karim")
        s.add_all([place, person])
        await s.flush()
        return person.id, place.id


async def test_of_two_concurrent_decisions_exactly_one_wins(sessions):
    person, place = await person_and_place(sessions)
    async with sessions() as s, s.begin():
        request, created = await MembershipRepository(s).request(person, place, NOW)
        assert created
    start = asyncio.Event()

    async def decide(by: int, accept: bool) -> bool:
        async with sessions() as s, s.begin():
            await start.wait()
            return await MembershipRepository(s).decide(request.id, accept=accept, by=by, as_=DecidedAs.MEMBER, now=NOW)

    tasks = [asyncio.create_task(decide(601, True)), asyncio.create_task(decide(9000, False))]
    await asyncio.sleep(0.05)
    start.set()
    results = await asyncio.gather(*tasks)
    assert sorted(results) == [False, True]
    async with sessions() as s:
        row = await s.get(Membership, request.id)
        assert (row.status, row.decided_by) == (("active", 601) if results[0] else ("refusee", 9000))


async def test_a_removal_waits_for_the_members_update_in_progress(sessions, database_url):
    """PostgreSQL, several processes: an update of the member's, holding their lock and having read
    their access, ends before the removal is written; the removal is then written, not lost."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer for whole transactions: no update runs beside the removal")
    person, place = await person_and_place(sessions)
    async with sessions() as s, s.begin():
        repo = MembershipRepository(s)
        request, _ = await repo.request(person, place, NOW)
        assert await repo.decide(request.id, accept=True, by=9000, as_=DecidedAs.STAFF, now=NOW)
    async with sessions() as members_update:
        await lock_person(members_update, 501)  # as the dispatcher does first, for the member's update
        _place, seen = await MembershipRepository(members_update).collectivity_and_latest(person, place)
        assert seen.status == "active"

        async def remove() -> bool:
            async with sessions() as s, s.begin():
                return await MembershipRepository(s).end(request.id, by=601, as_=DecidedAs.MEMBER, now=NOW)

        removal = asyncio.create_task(remove())
        await waiting_for_an_advisory_lock(sessions)
        assert not removal.done()
        _place, still = await MembershipRepository(members_update).collectivity_and_latest(person, place)
        assert still.status == "active"  # the member's update acts on what it read, to its end
        await members_update.commit()
    assert await removal
    async with sessions() as s:
        assert (await s.get(Membership, request.id)).status == "retiree"


WAITING_FOR_A_LOCK = """
    SELECT count(*) FROM pg_locks
    WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


async def waiting_for_an_advisory_lock(sessions) -> None:
    """Until PostgreSQL shows a transaction waiting for an advisory lock (fails after 10 s)."""
    for _ in range(200):
        async with sessions() as s:
            waiting = await s.scalar(text(WAITING_FOR_A_LOCK))
        if waiting:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("no transaction waits for the member's lock")


async def test_a_second_request_finds_the_first(sessions):
    person, place = await person_and_place(sessions)
    async with sessions() as s, s.begin():
        first, created = await MembershipRepository(s).request(person, place, NOW)
        again, created_again = await MembershipRepository(s).request(person, place, NOW)
    assert created and not created_again and again.id == first.id
    async with sessions() as s, s.begin():
        repo = MembershipRepository(s)
        assert await repo.decide(first.id, accept=False, by=9000, as_=DecidedAs.STAFF, now=NOW, reason="doublon")
        _, created = await repo.request(person, place, NOW)  # refused: asking again is allowed
        assert created


async def test_the_access_read_with_the_person_gives_way_to_a_request_made_in_the_same_update(sessions):
    """The person's collectivity and latest membership come with the person (one query less an
    update); a request made in the same transaction is what the dossier then sees, not the refusal
    read at the start."""
    person, place = await person_and_place(sessions)
    async with sessions() as s, s.begin():
        refused, _ = await MembershipRepository(s).request(person, place, NOW)
        await MembershipRepository(s).decide(refused.id, accept=False, by=9000, as_=DecidedAs.STAFF, now=NOW)
        (await s.get(Person, person)).collectivity_id = place
    async with sessions() as s, s.begin():
        read = await PeopleRepository(s).get_or_create(501, with_conversation=True, now=NOW)
        assert read.id == person
        repo = MembershipRepository(s)
        request, created = await repo.request(person, place, NOW)
        collectivity, latest = await repo.collectivity_and_latest(person, place)
        assert created and collectivity.name == "Albi"
        assert (latest.id, latest.status) == (request.id, "demandee")
    async with sessions() as s, s.begin():
        await PeopleRepository(s).get_or_create(501, with_conversation=True, now=NOW)
        _collectivity, latest = await MembershipRepository(s).collectivity_and_latest(person, place)
        assert latest.id == request.id  # read with the person, the latest of two


async def test_an_invitation_is_used_once_and_never_after_it_expires(sessions):
    _, place = await person_and_place(sessions)
    async with sessions() as s, s.begin():
        invitation = InvitationRepository(s).create(
            place, "f" * 64, by=601, now=NOW, expires_at=NOW + timedelta(days=7)
        )
        expired = InvitationRepository(s).create(place, "e" * 64, by=601, now=NOW, expires_at=NOW + timedelta(days=7))
    start = asyncio.Event()

    async def use(by: int) -> bool:
        async with sessions() as s, s.begin():
            await start.wait()
            return await InvitationRepository(s).use(invitation.id, by=by, now=NOW + timedelta(hours=1))

    tasks = [asyncio.create_task(use(701)), asyncio.create_task(use(702))]
    await asyncio.sleep(0.05)
    start.set()
    assert sorted(await asyncio.gather(*tasks)) == [False, True]
    async with sessions() as s, s.begin():
        assert not await InvitationRepository(s).use(expired.id, by=703, now=NOW + timedelta(days=7, seconds=1))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_the_migration_makes_existing_links_active_memberships(backend, tmp_path):
    maker = sqlite_database(tmp_path) if backend == "sqlite" else postgres_database()
    async with maker as url:
        engine = create_engine(url)
        try:
            await upgrade(engine, "0007")
            await upgrade(engine, "0006")
            await upgrade(engine, "0005")
            await upgrade(engine, "0004")
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        "INSERT INTO collectivities (id, code, kind, name, department, population)"
                        " VALUES (1, '81004', 'commune', 'Albi', '81', 49000)"
                    )
                )
                for telegram_id, place in ((501, 1), (502, None)):
                    await conn.execute(
                        text(
                            "INSERT INTO people (telegram_id, first_name, last_name, username, language, role,"
                            " profile_name, email, collectivity_id, is_staff, blocked, created_at, last_seen_at)"
                            " VALUES (:t, 'P', '', '', '', 'agent', '', '', :c, false, false, :now, :now)"
                        ),
                        {"t": telegram_id, "c": place, "now": NOW.replace(tzinfo=None)},
                    )
            await upgrade(engine)
            async with session_factory(engine)() as s:
                rows = (await s.scalars(select(Membership))).all()
                assert [(m.collectivity_id, m.status, m.decided_as) for m in rows] == [(1, "active", "migration")]
        finally:
            await engine.dispose()
