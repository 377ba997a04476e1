"""Dispatcher guarantees: per-user order, users in parallel, staff-only commands, replay after a crash."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.app import build_app
from bot.config import Settings
from handlers.core.context import Context
from handlers.core.dispatcher import Dispatcher
from handlers.core.events import AfterCommit, Incoming, Kind, SendText, User
from handlers.core.registry import all_routers
from handlers.core.router import Router
from handlers.home.menu import show_menu
from storage.models import AuditEntry
from storage.repositories import UpdatesRepository
from tests.support.chat import Chat
from tests.support.waiting import eventually

test_router = Router("test")
gates: dict[int, asyncio.Event] = {}
reached: dict[int, asyncio.Event] = {}  # set when the person's count step is inside its transaction


@test_router.command("secret", staff=True, description="réservé")
async def secret(ctx: Context):
    return [SendText("Bienvenue dans l'espace équipe.")]


@test_router.command("compter")
async def start_counting(ctx: Context):
    ctx.start_flow("compte", "n", {"seen": []})
    return [SendText("go")]


@test_router.step("compte", "n")
async def count(ctx: Context):
    if (inside := reached.get(ctx.person.telegram_id)) is not None:
        inside.set()
    gate = gates.get(ctx.person.telegram_id)
    if gate is not None:
        await gate.wait()
    await asyncio.sleep(0)  # yield so concurrent updates really interleave if unordered
    ctx.update_data(seen=[*ctx.data["seen"], ctx.event.text])
    return [SendText(",".join(ctx.data["seen"]))]


@test_router.command("rapport")
async def long_report(ctx: Context):
    """A long read (an edition's export) worked out after the commit."""
    gate = gates.get(ctx.person.telegram_id)

    async def write(session):
        if gate is not None:
            await gate.wait()
        if ctx.event.args == "panne":
            raise RuntimeError("the report could not be written")
        (count,) = (await session.execute(select(func.count()).select_from(AuditEntry))).one()
        return [SendText(f"rapport prêt ({count >= 0})")]

    return [SendText("⏳ je prépare"), AfterCommit(write)]


def _dispatcher(app) -> Dispatcher:
    return Dispatcher(
        app.sessions,
        app.services,
        [*all_routers(), test_router],
        menu=show_menu,
        serialize_transactions=app.settings.database.url.startswith("sqlite"),
    )


async def test_staff_command_is_unknown_to_others_and_the_attempt_is_logged(app):
    dispatcher = _dispatcher(app)
    outsider = Chat(dispatcher, 201)
    await outsider.send("/secret")
    assert "Je ne connais pas la commande /secret" in outsider.text
    staff = Chat(dispatcher, 9000)
    await staff.send("/secret")
    assert "espace équipe" in staff.text
    async with app.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert [(e.actor_telegram_id, e.action, e.target) for e in entries] == [(201, "staff_command_denied", "/secret")]


async def test_one_users_updates_are_handled_in_arrival_order(app):
    dispatcher = _dispatcher(app)
    chat = Chat(dispatcher, 202)
    await chat.send("/compter")
    events = [Incoming(Kind.TEXT, User(202), 202, update_id=5000 + i, text=str(i)) for i in range(15)]
    outputs: list[str] = []

    async def collect(actions):
        outputs.extend(a.text for a in actions)

    await asyncio.gather(*(dispatcher.process(e, collect) for e in events))
    assert outputs[-1] == ",".join(str(i) for i in range(15))
    assert outputs == [",".join(str(i) for i in range(n + 1)) for n in range(15)]


async def test_a_slow_user_does_not_hold_up_another(database_url, clock):
    """On PostgreSQL transactions run side by side (SQLite has one writer and queues them)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises transactions by design")
    settings = Settings()
    settings.database.url = database_url
    app = await build_app(settings, clock=clock)
    dispatcher = _dispatcher(app)
    slow, quick = Chat(dispatcher, 203), Chat(dispatcher, 204)
    await slow.send("/compter")
    await quick.send("/compter")
    gates[203] = asyncio.Event()
    try:
        slow_task = asyncio.create_task(slow.send("lent"))
        await quick.send("rapide")  # completes while the slow user's handler is still waiting
        assert quick.text == "rapide"
        assert not slow_task.done()
        gates[203].set()
        await slow_task
        assert slow.text == "lent"
    finally:
        gates.pop(203, None)
        await app.close()


async def test_a_users_backlog_does_not_delay_another_user(app):
    """Updates queue per user: another user's update is served between them."""
    dispatcher = _dispatcher(app)
    busy, other = Chat(dispatcher, 207), Chat(dispatcher, 208)
    await busy.send("/compter")
    await other.send("/compter")
    order: list[int] = []

    def collect(user_id):
        async def _collect(actions):
            order.append(user_id)

        return _collect

    backlog = [Incoming(Kind.TEXT, User(207), 207, update_id=7000 + i, text=str(i)) for i in range(10)]
    tasks = [asyncio.create_task(dispatcher.process(e, collect(207))) for e in backlog]
    await asyncio.sleep(0)
    await dispatcher.process(Incoming(Kind.TEXT, User(208), 208, update_id=7100, text="x"), collect(208))
    await asyncio.gather(*tasks)
    assert order.index(208) < len(backlog)  # served before the backlog drained


async def test_replies_not_confirmed_sent_are_sent_again_on_redelivery(app):
    """Crash between commit and send: the re-delivered update replays its replies, once."""
    chat = Chat(app.dispatcher, 205)
    await chat.send("/start")
    event = Incoming(Kind.CALLBACK, User(205), 205, update_id=8888, callback_id="c", callback_data="role:agent")

    async def crash(actions):
        raise ConnectionError("process killed before sending")

    try:
        await app.dispatcher.process(event, crash)
    except ConnectionError:
        pass
    replayed = await chat.deliver(event)
    assert any("Vous êtes : <b>Agent·e</b>" in getattr(a, "text", "") for a in replayed)
    assert await chat.deliver(event) == []  # delivered, not yet recorded: not sent again
    await app.dispatcher.delivered.flush()
    assert await chat.deliver(event) == []  # recorded
    async with app.sessions() as session:
        row = await UpdatesRepository(session).find(0, 8888)
    assert row.delivered and row.replies == []


async def test_a_failing_handler_gets_an_apology_not_a_crash(app, monkeypatch):
    dispatcher = _dispatcher(app)
    chat = Chat(dispatcher, 206)

    async def broken(ctx):
        raise RuntimeError("bug")

    monkeypatch.setitem(dispatcher.commands, "compter", dispatcher.commands["compter"].__class__("compter", broken))
    await chat.send("/compter")
    assert "problème technique" in chat.text


async def test_a_delivery_is_recorded_shortly_without_anyone_asking(app):
    chat = Chat(app.dispatcher, 207)
    event = Incoming(Kind.COMMAND, User(207), 207, update_id=8890, text="/start", command="start")
    await chat.deliver(event)

    async def recorded() -> bool:
        async with app.sessions() as session:
            row = await UpdatesRepository(session).find(0, 8890)
        return row is not None and row.delivered

    await eventually(recorded, timeout=10, what="the delivery recorded")


async def test_a_delivery_is_recorded_even_when_the_next_update_that_carried_it_fails(app, monkeypatch):
    """On SQLite the next update's transaction records the delivery before it; rolled back (a bug in
    its handler), the delivery is recorded all the same: its reply is not sent a second time."""
    dispatcher = _dispatcher(app)
    chat = Chat(dispatcher, 210)
    first = Incoming(Kind.COMMAND, User(210), 210, update_id=8895, text="/start", command="start")
    assert await chat.deliver(first)

    async def broken(ctx):
        raise RuntimeError("bug")

    monkeypatch.setitem(dispatcher.commands, "compter", dispatcher.commands["compter"].__class__("compter", broken))
    await chat.send("/compter")  # at once: the first delivery is not yet recorded on its own
    assert "problème technique" in chat.text

    async def recorded() -> bool:
        async with app.sessions() as session:
            row = await UpdatesRepository(session).find(0, 8895)
        return row is not None and row.delivered

    await eventually(recorded, timeout=10, what="the first delivery recorded")
    assert await chat.deliver(first) == []  # Telegram giving it again: not answered twice


async def test_a_shutdown_records_the_deliveries_an_unfinished_update_was_carrying(app):
    """Stopping while an update's transaction carries earlier deliveries (SQLite): that update is
    cut, and the deliveries are recorded all the same before the database closes."""
    dispatcher = _dispatcher(app)
    first, slow = Chat(dispatcher, 211), Chat(dispatcher, 212)
    await slow.send("/compter")
    delivered = Incoming(Kind.COMMAND, User(211), 211, update_id=8896, text="/start", command="start")
    assert await first.deliver(delivered)
    gates[212], reached[212] = asyncio.Event(), asyncio.Event()
    try:
        cut = asyncio.create_task(slow.send("un"))  # its transaction takes the delivery above
        await reached[212].wait()
        closing = asyncio.create_task(dispatcher.delivered.close())
        await asyncio.sleep(0)
        cut.cancel()  # the stopping bot cuts it: rolled back
        await asyncio.gather(cut, return_exceptions=True)
        await closing
    finally:
        gates.pop(212)
        reached.pop(212)
    async with app.sessions() as session:
        row = await UpdatesRepository(session).find(0, 8896)
    assert row is not None and row.delivered  # after a restart, its reply is not sent again


async def test_a_long_read_after_the_commit_holds_up_no_one_and_says_so_first(app):
    """SQLite has one writer: a report written inside the update's transaction would hold every
    other person's update for its duration. Worked out after the commit, it holds none."""
    dispatcher = _dispatcher(app)
    staff, other = Chat(dispatcher, 211), Chat(dispatcher, 212)
    await other.send("/compter")
    sent: list[str] = []

    async def collect(actions):
        sent.extend(a.text for a in actions if isinstance(a, SendText))

    gates[211] = asyncio.Event()
    try:
        report = asyncio.create_task(
            dispatcher.process(
                Incoming(Kind.COMMAND, User(211), 211, update_id=7200, text="/rapport", command="rapport"), collect
            )
        )

        async def told_first() -> bool:
            return sent == ["⏳ je prépare"]

        await eventually(told_first, what="the first reply")  # said at once, before the report is written
        await asyncio.wait_for(other.send("x"), 10)  # served while the report is being written
        assert other.text == "x"
        assert not report.done()
        gates[211].set()
        await report
        assert sent == ["⏳ je prépare", "rapport prêt (True)"]
    finally:
        gates.pop(211, None)
    await staff.send("/rapport panne")
    assert staff.texts == ["⏳ je prépare", "Désolé, je n'ai pas pu terminer. Réessayez dans un moment."]
