"""Runs the bot on Telegram with the configured library and mode until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

from bot.app import App
from bot.transports.session import TransportSession
from bot.workers.background import build_workers, start_workers
from handlers.webinar.service import settle_at_start

log = logging.getLogger(__name__)


def make_transport(app: App, core: TransportSession | None = None):
    settings = app.settings
    core = core or TransportSession(app.dispatcher, app.services.staff_ids, app.budget)
    token, server = settings.telegram.token, settings.telegram.api_server
    if settings.telegram.library == "ptb":
        from bot.transports.ptb_transport import PtbTransport

        return PtbTransport(core, token, server)
    from bot.transports.aiogram_transport import AiogramTransport

    return AiogramTransport(core, token, server)


def settle_after_start() -> None:
    """What start-up loaded (content, the FAQ index, models, the libraries) lives as long as the
    process: moved out of the garbage collector's sight, so that its full collections no longer
    walk it while people wait. Measured with `bench/sheets_fill.py` (20 people): p99 410 -> 112 ms,
    +27 % answers/s."""
    gc.collect()
    gc.freeze()


async def start_transport(app: App, transport) -> None:
    settings = app.settings
    if settings.telegram.mode == "webhook":
        hook = settings.webhook
        await transport.start_webhook(hook.listen, hook.port, hook.path, hook.url, hook.secret)
    else:
        await transport.start_polling()


async def run_console(app: App, user_id: int, first_name: str) -> None:
    """The console, with the background workers (reminders, broadcasts, notices) running."""
    from bot.transports.console import Console, ConsoleSender
    from handlers.core.events import User
    from storage.repositories import PeopleRepository

    async def name_of(chat_id: int) -> str:
        async with app.sessions() as session:
            person = await PeopleRepository(session).get(chat_id)
        return (person.profile_name or person.first_name or str(chat_id)) if person else str(chat_id)

    app.services.console = True
    console = Console(app.dispatcher, User(id=user_id, first_name=first_name, language_code="fr"))
    await settle_at_start(app.sessions, app.content.webinars, app.services.clock(), app.dispatcher.write_lock)
    workers = start_workers(app, ConsoleSender(console, name_of))
    settle_after_start()
    try:
        await console.run()
    finally:
        await workers.stop()


async def run_telegram(app: App, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass
    core = TransportSession(app.dispatcher, app.services.staff_ids, app.budget)
    transport = make_transport(app, core)
    async with transport:
        # outbox, broadcast progress, deadline reminders, stored replies
        workers = build_workers(app, transport.sender, core)
        # Replies a stopped run committed but did not send go out before any new update is handled,
        # so each person reads them in the order they were written.
        try:
            await workers.replies.run_once()
        except Exception:  # not fatal: the worker tries again in a few seconds
            log.exception("stored replies: the first delivery at start failed")
        await start_transport(app, transport)
        # the sessions file may have been edited: seats and reminders follow it
        await settle_at_start(app.sessions, app.content.webinars, app.services.clock(), app.dispatcher.write_lock)
        workers.start()
        settle_after_start()
        log.info("Arobase is running on %s (%s)", app.settings.telegram.library, app.settings.telegram.mode)
        try:
            await stop.wait()
        finally:
            await workers.stop()
    log.info("Arobase stopped")
