"""Webhook mode: POST pending updates to the bot's URL, like Telegram does.

Role: while a webhook is set, a background task sends each pending update as a
JSON body with the ``X-Telegram-Bot-Api-Secret-Token`` header.  As in
telegram-bot-api's WebhookActor, updates are queued per chat: one chat's
updates go one at a time and in order (the next only after a 2xx for the
previous one), different chats in parallel up to ``max_connections``.  A
non-2xx answer or a connection error is recorded in ``last_error_message``
(shown by getWebhookInfo) and the same update is sent again later, with a
doubling delay (``retry_delay`` … ``max_retry_delay``, or the answer's
``Retry-After``), until it is accepted or ``drop_after`` seconds passed
(Telegram: about a day).  A reply that carries a method call in its body
(aiogram's "answer in webhook response") is executed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import aiohttp

from .errors import ApiError
from .models import now
from .params import UploadedFile, build_params

if TYPE_CHECKING:
    from .server import FakeBotAPI

log = logging.getLogger(__name__)


class WebhookDeliverer:
    """Current webhook settings and the task delivering updates to it."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.retry_delay = 0.05  # first delay after a failure (Telegram: 1 s), doubling
        self.max_retry_delay = 1.0  # Telegram: 60 to 120 s
        self.drop_after = 24 * 3600.0  # an update not accepted by then is dropped
        self.timeout = 30.0
        self._task: asyncio.Task | None = None
        self._stopped = False
        self._busy: dict[object, int] = {}  # chat queue -> update_id being delivered
        self._retry: dict[int, tuple[float, float]] = {}  # update_id -> (next try at, current delay)
        self._first_try: dict[int, float] = {}
        self._changed = False
        # Where the posts really go, given the URL the bot set (tests: the HTTPS proxy in front of
        # a bot listening on plain HTTP, or a load balancer in front of several instances).
        self.route: Callable[[str], str] = lambda url: url
        self.attempts = 0  # posts started (a test can tell the bot has an update in hand)

    @property
    def active(self) -> bool:
        return bool(self.url)

    def set(self, url: str, secret_token: str | None, max_connections: int | None) -> None:
        self.url = url
        self.secret_token = secret_token or None
        self.max_connections = max_connections or 40
        self._stopped = False
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="fakebotapi-webhook")

    async def delete(self) -> None:
        self.url = ""
        self.secret_token = None
        await self.stop()

    async def stop(self) -> None:
        self._stopped = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 — stopping: any end will do
                pass

    def info(self) -> dict[str, Any]:
        """getWebhookInfo's result."""
        result: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.api.updates.pending),
        }
        if self.url:
            result["max_connections"] = self.max_connections
            result["ip_address"] = "127.0.0.1"
            if self.api.updates.allowed_updates:
                result["allowed_updates"] = list(self.api.updates.allowed_updates)
        if self.last_error_date:
            result["last_error_date"] = self.last_error_date
            result["last_error_message"] = self.last_error_message
        return result

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task] = set()
        async with aiohttp.ClientSession() as session:
            try:
                while self.url and not self._stopped:
                    self._changed = False
                    for update in self._ready(loop.time()):
                        queue = queue_of(update)
                        self._busy[queue] = update["update_id"]
                        task = asyncio.create_task(self._deliver(session, update, queue))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                    await self.api.notifier.wait_until(
                        lambda: self._has_ready(loop.time()), self._next_wake(loop.time())
                    )
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                self._busy.clear()

    def _ready(self, now: float) -> list[dict[str, Any]]:
        """The first pending update of every chat queue that is free and due, within max_connections."""
        ready: list[dict[str, Any]] = []
        seen: set[object] = set()
        room = self.max_connections - len(self._busy)
        for update in list(self.api.updates.pending):
            queue = queue_of(update)
            if queue in seen:
                continue
            seen.add(queue)
            if room <= 0 or queue in self._busy:
                continue
            if self._retry.get(update["update_id"], (0.0, 0.0))[0] > now:
                continue
            ready.append(update)
            room -= 1
        return ready

    def _has_ready(self, now: float) -> bool:
        return self._changed or not self.url or self._stopped or bool(self._ready(now))

    def _next_wake(self, now: float) -> float:
        waits = [at - now for at, _ in self._retry.values() if at > now]
        return max(0.01, min(waits)) if waits else 3600.0

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any], queue: object) -> None:
        loop = asyncio.get_running_loop()
        update_id = update["update_id"]
        self._first_try.setdefault(update_id, loop.time())
        try:
            retry_after = await self._attempt(session, update)
        finally:
            self._busy.pop(queue, None)
            self._changed = True  # a queue is free again, or a retry is scheduled: look again
        queue_state = self.api.updates
        if retry_after is None:  # accepted
            self._retry.pop(update_id, None)
            self._first_try.pop(update_id, None)
            queue_state.mark_delivered(update_id)
            self.api.stats.webhook_deliveries += 1
            queue_state.acknowledge(update)
            return
        self.api.stats.webhook_failures += 1
        if loop.time() - self._first_try[update_id] > self.drop_after:
            log.warning("webhook: dropping update %s after %ss of failures", update_id, self.drop_after)
            self._retry.pop(update_id, None)
            queue_state.acknowledge(update)
            return
        _, delay = self._retry.get(update_id, (0.0, 0.0))
        delay = min(self.max_retry_delay, delay * 2) if delay else self.retry_delay
        self._retry[update_id] = (loop.time() + (retry_after or delay), delay)
        self.api.notifier.notify()

    async def _attempt(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> float | None:
        """One POST: None when accepted (2xx), else the Retry-After it asked for (0: none)."""
        headers = {"Content-Type": "application/json"}
        if self.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret_token
        self.attempts += 1
        self.api.notifier.notify()
        try:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            target = self.route(self.url)
            async with session.post(target, data=json.dumps(update), headers=headers, timeout=timeout) as resp:
                if 200 <= resp.status < 300:
                    await self._run_reply_method(resp)
                    return None
                self._error(f"Wrong response from the webhook: {resp.status} {resp.reason}")
                try:
                    return float(resp.headers.get("Retry-After", 0))
                except ValueError:
                    return 0.0
        except TimeoutError:
            self._error("Read timeout expired")
        except aiohttp.ClientError as exc:
            self._error(f"Connection failed: {exc}")
        return 0.0

    def _error(self, message: str) -> None:
        self.last_error_date = now()
        self.last_error_message = message
        log.info("webhook delivery failed: %s", message)

    async def _run_reply_method(self, resp: aiohttp.ClientResponse) -> None:
        """Execute a method returned in the webhook response body, ignoring errors."""
        raw: dict[str, Any] = {}
        files: dict[str, UploadedFile] = {}
        if resp.content_type == "application/json":
            try:
                data = await resp.json(content_type=None)
            except ValueError:
                return
            raw = data if isinstance(data, dict) else {}
        elif resp.content_type == "multipart/form-data":
            reader = aiohttp.MultipartReader(resp.headers, resp.content)
            async for part in reader:
                if not isinstance(part, aiohttp.BodyPartReader) or not part.name:
                    continue
                if part.filename:
                    content = await part.read(decode=False)
                    ctype = part.headers.get("Content-Type", "application/octet-stream")
                    files[part.name] = UploadedFile(part.filename, bytes(content), ctype)
                else:
                    raw[part.name] = await part.text()
        method = raw.pop("method", None)
        if not method:
            return
        try:
            await self.api.call(str(method), build_params(raw, files))
        except ApiError as exc:
            log.info("method %s from webhook reply failed: %s", method, exc)


def queue_of(update: dict[str, Any]) -> object:
    """The delivery queue of an update: its chat (updates of one chat go in order, one at a time)."""
    for key in ("message", "edited_message", "channel_post", "my_chat_member", "chat_member"):
        if isinstance(update.get(key), dict) and "chat" in update[key]:
            return update[key]["chat"].get("id")
    query = update.get("callback_query")
    if isinstance(query, dict):
        chat = (query.get("message") or {}).get("chat") or {}
        return chat.get("id", query.get("from", {}).get("id"))
    for key in ("inline_query", "chosen_inline_result"):
        if isinstance(update.get(key), dict):
            return update[key].get("from", {}).get("id")
    return ("update", update.get("update_id"))
