"""Webhook mode: POST pending updates to the bot's URL, like Telegram does.

Role: while a webhook is set, a background task sends each pending update as a
JSON body with the ``X-Telegram-Bot-Api-Secret-Token`` header, one at a time
and in order.  A non-2xx answer or a connection error is retried a few times
with a short backoff, then counted as a failure and recorded in
``last_error_message`` (shown by getWebhookInfo).  A reply that carries a
method call in its body (aiogram's "answer in webhook response") is executed.
"""

from __future__ import annotations

import asyncio
import json
import logging
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
        self.retries = 3
        self.retry_delay = 0.05
        self.timeout = 5.0
        self._task: asyncio.Task | None = None
        self._stopped = False

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
        queue = self.api.updates
        async with aiohttp.ClientSession() as session:
            while self.url and not self._stopped:
                await self.api.notifier.wait_until(lambda: queue.pending or not self.url or self._stopped, 3600)
                if not self.url or self._stopped or not queue.pending:
                    continue
                update = queue.pending[0]
                delivered = await self._deliver(session, update)
                if delivered:
                    queue.mark_delivered(update["update_id"])
                    self.api.stats.webhook_deliveries += 1
                else:
                    self.api.stats.webhook_failures += 1
                queue.acknowledge(update)

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json"}
        if self.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret_token
        body = json.dumps(update)
        for attempt in range(self.retries + 1):
            if attempt:
                await asyncio.sleep(self.retry_delay * 2 ** (attempt - 1))
            try:
                timeout = aiohttp.ClientTimeout(total=self.timeout)
                async with session.post(self.url, data=body, headers=headers, timeout=timeout) as resp:
                    if 200 <= resp.status < 300:
                        await self._run_reply_method(resp)
                        return True
                    self._error(f"Wrong response from the webhook: {resp.status} {resp.reason}")
            except TimeoutError:
                self._error("Read timeout expired")
            except aiohttp.ClientError as exc:
                self._error(f"Connection failed: {exc}")
        return False

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
