"""Two dispatchers on one database stand for two processes: a stored reply is delivered by one of
them only (the lease holder); replies whose deliverer died go out once its lease ran out; on
PostgreSQL one person's updates wait for each other across processes; a deadlock or a
serialisation failure runs the transaction again."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import DBAPIError

from bot.app import build_app
from bot.config import Settings
from handlers.core.context import Context
from handlers.core.dispatcher import DELIVERY_LEASE, Dispatcher, Outcome
from handlers.core.events import Incoming, Kind, SendText, User
from handlers.core.registry import all_routers
from handlers.core.router import Router
from handlers.home.menu import show_menu

lease_router = Router("lease-test")
gates: dict[int, asyncio.Event] = {}
failures: dict[int, int] = {}


@lease_router.command("noter")
async def note(ctx: Context):
    gate = gates.get(ctx.person.telegram_id)
    if gate is not None:
        await gate.wait()  # the transaction stays open meanwhile
    if failures.get(ctx.person.telegram_id):
        failures[ctx.person.telegram_id] -= 1

        class Deadlock(Exception):
            sqlstate = "40P01"

        raise DBAPIError("SELECT 1", {}, Deadlock("deadlock detected"))
    notes = [*ctx.data.get("notes", []), ctx.event.args]
    ctx.update_data(notes=notes)
    return [SendText(" ".join(notes))]


def dispatcher(app, owner: str) -> Dispatcher:
    return Dispatcher(
        app.sessions,
        app.services,
        [*all_routers(), lease_router],
        menu=show_menu,
        serialize_transactions=app.settings.database.url.startswith("sqlite"),
        owner=owner,
    )


def update(user_id: int, update_id: int, text: str) -> Incoming:
    return Incoming(
        Kind.COMMAND, User(user_id), user_id, update_id=update_id, text=f"/noter {text}", command="noter", args=text
    )


@pytest.fixture
async def shared_app(database_url, clock):
    settings = Settings()
    settings.database.url = database_url
    app = await build_app(settings, clock=clock)
    yield app
    await app.close()


async def test_a_stored_reply_is_delivered_by_the_lease_holder_only(shared_app):
    first, second = dispatcher(shared_app, "a"), dispatcher(shared_app, "b")
    sent: list[tuple[str, str]] = []
    slow = asyncio.Event()

    def deliver_as(owner: str, wait: asyncio.Event | None = None):
        async def _deliver(actions):
            if wait is not None:
                await wait.wait()
            sent.extend((owner, a.text) for a in actions)

        return _deliver

    event = update(301, 1, "un")
    delivering = asyncio.create_task(first.process(event, deliver_as("a", slow)))
    await asyncio.sleep(0.2)  # "a" committed and is sending, slowly
    assert await second.process(event, deliver_as("b")) is Outcome.ELSEWHERE
    slow.set()
    assert await delivering is Outcome.DONE
    # Delivered; recorded at once or with others a moment later: until then the lease keeps "b" away.
    assert await second.process(event, deliver_as("b")) in (Outcome.ELSEWHERE, Outcome.DONE)
    await first.delivered.flush()
    assert await second.process(event, deliver_as("b")) is Outcome.DONE  # delivered: nothing to do
    assert sent == [("a", "un")]


async def test_replies_left_by_a_dead_deliverer_go_out_once_its_lease_ran_out(shared_app, clock):
    first, second = dispatcher(shared_app, "a"), dispatcher(shared_app, "b")

    async def crash(actions):
        raise ConnectionError("killed after the commit, before sending")

    with pytest.raises(ConnectionError):
        await first.process(update(302, 2, "deux"), crash)
    sent: list[str] = []

    async def deliver_to(event, actions):
        sent.extend(f"{event.chat_id}:{a.text}" for a in actions)

    assert await second.redeliver_abandoned(deliver_to) == 0  # "a" may still be alive
    clock.advance(seconds=DELIVERY_LEASE.total_seconds() + 1)
    assert await second.redeliver_abandoned(deliver_to) == 1
    assert await second.redeliver_abandoned(deliver_to) == 0
    assert sent == ["302:deux"]


async def test_one_persons_updates_wait_for_each_other_across_processes(shared_app):
    if not shared_app.settings.database.url.startswith("postgresql"):
        pytest.skip("SQLite is one process (and one writer)")
    first, second = dispatcher(shared_app, "a"), dispatcher(shared_app, "b")
    replies: list[str] = []

    async def collect(actions):
        replies.extend(a.text for a in actions)

    gates[303] = asyncio.Event()
    try:
        early = asyncio.create_task(first.process(update(303, 10, "premier"), collect))
        await asyncio.sleep(0.2)  # "a" holds the person, its handler still running
        late = asyncio.create_task(second.process(update(303, 11, "second"), collect))
        await asyncio.sleep(0.3)
        assert not late.done()  # waits for "a", although in another "process"
        gates.pop(303).set()
        await asyncio.gather(early, late)
    finally:
        gates.pop(303, None)
    assert replies == ["premier", "premier second"]


async def test_a_deadlock_runs_the_transaction_again(shared_app):
    failures[304] = 2
    replies: list[str] = []

    async def collect(actions):
        replies.extend(a.text for a in actions)

    assert await dispatcher(shared_app, "a").process(update(304, 20, "enfin"), collect) is Outcome.DONE
    assert replies == ["enfin"] and failures[304] == 0
