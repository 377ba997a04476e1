"""How updates come in, the same for both libraries: they are confirmed to Telegram only once
their transaction committed, so a crash at any instant between receipt and commit leaves the
update with Telegram, which gives it again after the restart.

- Long polling (`Poller`): we drive getUpdates' offset ourselves. The offset sent is the lowest
  update not yet committed (or one past the highest seen): an update is confirmed only by the
  first getUpdates after its commit. Updates already being handled are not started twice.
- Webhook (`webhook_app`): the HTTP answer is given once the update is stored and its replies
  delivered (Telegram sends a chat's next update only after that answer, so one person's
  updates are handled and answered in order, whichever instance receives them); 503 when
  another live instance is delivering them (Telegram tries again later); 500 when nothing could
  be stored (database down): Telegram keeps the update and tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.transports import errors
from bot.transports.session import MalformedUpdate
from handlers.core.dispatcher import Outcome

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Handle = Callable[[dict[str, Any], Callable[[], None]], Awaitable[Outcome]]
Fetch = Callable[[int | None, float], Awaitable[list[dict[str, Any]]]]
RETRY_AFTER_FAILURE = 1.0  # seconds before an update that could not be stored is taken again
# While an update is not yet committed, Telegram answers getUpdates at once (it still holds it):
# new updates are then fetched at this pace, or as soon as something commits.
SHORT_POLL = 0.25
MIN_SHORT_POLL = 0.05  # seconds between two of them while others are still being handled
MAX_FETCH_BACKOFF = 30.0


class Poller:
    """getUpdates in a loop; each update handled in its own task (the core keeps one user's
    updates in order); the offset moves past an update only once it is committed."""

    def __init__(self, fetch: Fetch, handle: Handle, *, timeout: float = 20.0) -> None:
        self.fetch = fetch
        self.handle = handle
        self.timeout = timeout
        self._running: dict[int, asyncio.Task] = {}  # fetched, being handled, not yet committed
        self._committed: set[int] = set()  # committed, still above the confirmed offset
        self._retry_at: dict[int, float] = {}  # could not be stored: taken again after this time
        self._tasks: set[asyncio.Task] = set()  # every handling task (replies still being sent…)
        self._highest: int | None = None
        self._progress = asyncio.Event()

    @property
    def offset(self) -> int | None:
        """The getUpdates offset: confirms exactly the updates whose transaction committed."""
        waiting = set(self._running) | set(self._retry_at)
        if waiting:
            return min(waiting)
        return None if self._highest is None else self._highest + 1

    async def run(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            if self._running or self._retry_at:
                # Telegram answers at once while unconfirmed updates remain: wait for a commit
                # (or a short while) instead of asking in a tight loop.
                await self._wait_progress(stop, SHORT_POLL)
                # Each such getUpdates brings back every update still being handled: a short pause
                # lets commits pile up, so one call serves them (and the library parses less).
                if self._running:  # others still being handled: the next call brings them back too
                    await self._pause(stop, MIN_SHORT_POLL)
                if stop.is_set():
                    break
            try:
                updates = await self._fetch_unless_stopped(stop)
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # network, 409 (another poller), 5xx…: back off and ask again
                failures += 1
                delay = min(MAX_FETCH_BACKOFF, 0.5 * 2 ** min(failures, 6))
                level = logging.WARNING if isinstance(exc, errors.DeliveryError) else logging.ERROR
                log.log(level, "getUpdates failed (%s); next try in %.0f s", exc, delay, exc_info=failures == 1)
                await self._wait_progress(stop, delay)
                continue
            self._start(updates)
        await self.drain()

    async def _fetch_unless_stopped(self, stop: asyncio.Event) -> list[dict[str, Any]]:
        """One getUpdates; a stop ends a long poll at once (unconfirmed updates stay with Telegram)."""
        fetching = asyncio.ensure_future(
            self.fetch(self.offset, 0 if self._running or self._retry_at else self.timeout)
        )
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not fetching.done():
            fetching.cancel()
            await asyncio.gather(fetching, return_exceptions=True)
            return []
        return fetching.result()

    def _start(self, updates: list[dict[str, Any]]) -> None:
        now = asyncio.get_running_loop().time()
        confirmed = self.offset
        for update in updates:
            update_id = int(update["update_id"])
            self._highest = update_id if self._highest is None else max(self._highest, update_id)
            if update_id in self._running or update_id in self._committed:
                continue
            if self._retry_at.get(update_id, now) > now:
                continue
            self._retry_at.pop(update_id, None)
            self._running[update_id] = self._spawn(update_id, update)
        if confirmed is not None:  # forget what the server can no longer send again
            self._committed = {u for u in self._committed if u >= confirmed}

    def _spawn(self, update_id: int, update: dict[str, Any]) -> asyncio.Task:
        def committed() -> None:
            if self._running.pop(update_id, None) is not None:
                self._committed.add(update_id)
                self._progress.set()

        async def handle() -> None:
            try:
                outcome = await self.handle(update, committed)
            except MalformedUpdate as exc:  # asking for it again would bring the same body back
                log.warning("update %s is malformed (%s): skipped", update_id, exc)
                outcome = Outcome.DONE
            except Exception:
                log.exception("update %s could not be handled", update_id)
                outcome = Outcome.NOT_STORED
            if update_id in self._running:  # never committed: ask for it again a little later
                self._running.pop(update_id, None)
                if outcome is Outcome.NOT_STORED:
                    self._retry_at[update_id] = asyncio.get_running_loop().time() + RETRY_AFTER_FAILURE
                else:
                    self._committed.add(update_id)
                self._progress.set()

        task = asyncio.create_task(handle(), name=f"arobase-update-{update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _pause(self, stop: asyncio.Event, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=seconds)

    async def _wait_progress(self, stop: asyncio.Event, timeout: float) -> None:
        self._progress.clear()
        waits = {asyncio.ensure_future(self._progress.wait()), asyncio.ensure_future(stop.wait())}
        try:
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
            await asyncio.gather(*waits, return_exceptions=True)

    async def drain(self, timeout: float = 30.0) -> None:
        """Stopping: let the updates being handled finish, then confirm what was committed."""
        if self._tasks:
            _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self._committed and self.offset is not None:
            try:
                await self.fetch(self.offset, 0)  # confirms; what it returns stays with Telegram
            except Exception as exc:  # noqa: BLE001 — the next start confirms them anyway
                log.info("could not confirm the last updates at stop: %s", exc)


def webhook_app(path: str, secret: str, handle: Handle) -> web.Application:
    """An aiohttp app receiving Telegram's webhook calls on `path` (secret token checked)."""

    async def receive(request: web.Request) -> web.StreamResponse:
        given = request.headers.get(SECRET_HEADER, "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=401, text="wrong secret token")
        try:
            update = await request.json()
        except ValueError:
            return web.Response(status=400, text="not JSON")
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return web.Response(status=400, text="not an update")
        try:
            outcome = await handle(update, lambda: None)
        except MalformedUpdate as exc:  # Telegram never sends it: a probe or a bug, not worth a retry
            log.warning("webhook: update %s is malformed (%s)", update.get("update_id"), exc)
            return web.Response(status=400, text="not a valid update")
        except Exception:
            log.exception("webhook update %s could not be handled", update.get("update_id"))
            outcome = Outcome.NOT_STORED
        if outcome is Outcome.NOT_STORED:
            return web.Response(status=500, text="not stored, send it again")
        if outcome is Outcome.ELSEWHERE:
            return web.Response(status=503, text="being answered by another instance")
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post(path, receive)
    return app


class WebhookServer:
    """Serves `webhook_app` on listen:port until closed."""

    def __init__(self, app: web.Application) -> None:
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)

    async def start(self, listen: str, port: int) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()

    async def close(self) -> None:
        await self._runner.cleanup()
