"""``FakeBotAPI``: a real HTTP fake of the Telegram Bot API for end-to-end tests.

Role: run an aiohttp server on 127.0.0.1 (random free port) that aiogram and
python-telegram-bot reach through their custom-server settings; route
``/bot<token>/<method>`` (method case-insensitive) and
``/file/bot<token>/<path>``; answer in Telegram's envelope
(``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code", "description"}``
with HTTP status = error_code); hold the server-side state (chats, files,
commands, queries, flood control, injected faults) and the helpers tests use to
arrange and inspect it.  Method logic lives in ``methods_*`` modules, the user
side in ``simulation``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import methods_bot, methods_messages
from .errors import ApiError
from .files import FileStore
from .methods_bot import Described
from .models import ChatState, my_chat_member
from .params import Params, build_params, read_request
from .ratelimit import RateLimiter
from .recording import CallbackAnswer, Notifier, RecordedMessage, RequestRecord, Stats
from .updates import UpdateQueue
from .validation import scope_key
from .webhook import WebhookDeliverer

if TYPE_CHECKING:
    from .simulation import SimulatedUser

log = logging.getLogger(__name__)

_METHODS = {**methods_bot.METHODS, **methods_messages.METHODS}
_CANONICAL = {name.lower(): name for name in _METHODS}


@dataclass
class _Fault:
    method: str  # canonical name, or "*" for any method
    status: int
    description: str | None
    drop: bool
    remaining: int
    retry_after: int | None


class _DropConnection(Exception):
    """Injected network failure: close the socket without answering."""


class FakeBotAPI:
    """Fake Telegram Bot API server; use as ``async with FakeBotAPI() as api``."""

    def __init__(
        self,
        token: str = "123456:TEST",
        rate_limit: int | None = None,
        per_chat_limit: int | None = None,
        *,
        max_poll_timeout: float = 1.0,
        strict_html: bool = True,
    ) -> None:
        self.token = token
        head = token.split(":", 1)[0]
        self.bot_id = int(head) if head.isdigit() else 123456
        self.max_poll_timeout = max_poll_timeout
        self.strict_html = strict_html
        self.limiter = RateLimiter(rate_limit, per_chat_limit)
        self.notifier = Notifier()
        self.updates = UpdateQueue(self.notifier)
        self.webhook = WebhookDeliverer(self)
        self.files = FileStore()
        self.chats: dict[int, ChatState] = {}
        self.requests: list[RequestRecord] = []
        self.stats = Stats()
        self.commands: dict[tuple[str, Any, Any, str], list[dict[str, str]]] = {}
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.inline_queries: dict[str, dict[str, Any]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.server_errors: list[BaseException] = []
        self.poll_generation = 0
        self.held = 0  # calls that waited on hold()
        self.closing = False
        self.port: int | None = None
        self._faults: list[_Fault] = []
        self._holds: dict[str, asyncio.Event] = {}
        self._runner: web.AppRunner | None = None

    # ----------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self.port is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        self.closing = True
        for method in list(self._holds):
            self.release(method)
        self.notifier.notify()  # release pending long polls
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ----------------------------------------------------------------- HTTP layer
    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401).payload(), status=401)
        try:
            params = await read_request(request)
            result = await self._dispatch(request.match_info["method"], params)
        except ApiError as exc:
            return web.json_response(exc.payload(), status=exc.code)
        except _DropConnection:
            if request.transport is not None:
                request.transport.abort()
            raise web.HTTPInternalServerError() from None  # never reaches the client
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, Described):
            body["result"], body["description"] = result.result, result.description
        else:
            body["result"] = result
        return web.json_response(body)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401).payload(), status=401)
        file = self.files.by_path(request.match_info["path"])
        if file is None:
            return web.json_response(ApiError(404).payload(), status=404)
        return web.Response(body=file.content, headers={"Content-Type": file.mime_type or "application/octet-stream"})

    async def _handle_unknown(self, request: web.Request) -> web.StreamResponse:
        return web.json_response(ApiError(404).payload(), status=404)

    async def call(self, method: str, params: Params | dict[str, Any] | None = None) -> Any:
        """Run one Bot API method in-process (webhook replies, test set-up); returns ``result``."""
        result = await self._dispatch(method, params or {})
        return result.result if isinstance(result, Described) else result

    async def _dispatch(self, method: str, params: Params | dict[str, Any]) -> Any:
        if not isinstance(params, Params):
            params = build_params(params)
        canonical = _CANONICAL.get(method.lower())
        if canonical is None:
            raise ApiError(404)
        record = RequestRecord(
            canonical, dict(params.values), {k: f.filename for k, f in params.files.items()}, params.transport
        )
        self.requests.append(record)
        self.stats.calls[canonical] += 1
        self.notifier.notify()
        try:
            self._inject_fault(canonical)
            gate = self._holds.get(canonical)
            if gate is not None:  # a slow Telegram: the call waits until released
                self.held += 1
                self.notifier.notify()
                await gate.wait()
            return await _METHODS[canonical](self, params)
        except ApiError as exc:
            record.status, record.error = exc.code, exc.description
            self.stats.errors[exc.code] += 1
            raise
        except _DropConnection:
            record.status, record.error = 0, "connection dropped"
            raise
        except Exception as exc:  # a bug in the fake: report it like Telegram's 500
            log.exception("fake Bot API failed on %s", canonical)
            self.server_errors.append(exc)
            record.status, record.error = 500, repr(exc)
            raise ApiError(500) from exc

    # ----------------------------------------------------------------- faults
    def hold(self, method: str) -> None:
        """Make calls of ``method`` wait (a slow Telegram) until ``release(method)``."""
        self._holds.setdefault(_CANONICAL.get(method.lower(), method), asyncio.Event())

    def release(self, method: str) -> None:
        gate = self._holds.pop(_CANONICAL.get(method.lower(), method), None)
        if gate is not None:
            gate.set()

    def fail_next(
        self,
        method: str = "*",
        status: int = 500,
        description: str | None = None,
        *,
        drop: bool = False,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``status`` (or drop the connection)."""
        canonical = "*" if method == "*" else _CANONICAL.get(method.lower(), method)
        self._faults.append(_Fault(canonical, status, description, drop, times, retry_after))

    def _inject_fault(self, method: str) -> None:
        for fault in self._faults:
            if fault.method in ("*", method) and fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                if fault.drop:
                    raise _DropConnection()
                if fault.status == 429:
                    self.stats.too_many_requests += 1
                    retry = fault.retry_after or 1
                    raise ApiError(
                        429, fault.description or f"Too Many Requests: retry after {retry}", retry_after=retry
                    )
                raise ApiError(fault.status, fault.description)

    # ----------------------------------------------------------------- chats & users
    def add_user(
        self,
        user_id: int,
        first_name: str = "Utilisateur",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> ChatState:
        """Register a user who started the bot (so sends to them succeed)."""
        chat = self.chats.get(user_id)
        if chat is None:
            chat = ChatState(user_id, first_name, last_name, username, language_code)
            self.chats[user_id] = chat
        return chat

    def user(self, user_id: int, first_name: str = "Utilisateur", **profile: Any) -> SimulatedUser:
        """Register the user and return a SimulatedUser acting in their private chat."""
        from .simulation import SimulatedUser

        return SimulatedUser(self, self.add_user(user_id, first_name, **profile))

    def find_chat(self, chat_id: Any) -> ChatState | None:
        if isinstance(chat_id, str):
            if chat_id.lstrip("-").isdigit():
                chat_id = int(chat_id)
            else:
                name = chat_id.lstrip("@").lower()
                return next((c for c in self.chats.values() if (c.username or "").lower() == name), None)
        return self.chats.get(chat_id)

    def chat(self, chat_id: int) -> ChatState:
        chat = self.find_chat(chat_id)
        if chat is None:
            raise KeyError(f"chat {chat_id} is unknown to the fake server")
        return chat

    def block(self, chat_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends get 403; enqueues my_chat_member "kicked"."""
        chat = self.chat(chat_id)
        if not chat.blocked:
            chat.blocked = True
            if notify:
                self.enqueue_raw({"my_chat_member": my_chat_member(chat, self.bot_id, "member", "kicked")})

    def unblock(self, chat_id: int, *, notify: bool = True) -> None:
        """The user restarts the bot; enqueues my_chat_member "member"."""
        chat = self.chat(chat_id)
        if chat.blocked:
            chat.blocked = False
            if notify:
                self.enqueue_raw({"my_chat_member": my_chat_member(chat, self.bot_id, "kicked", "member")})

    # ----------------------------------------------------------------- inspection
    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[RecordedMessage]:
        """The bot's messages in a chat, in sending order, in their current state."""
        chat = self.find_chat(chat_id)
        if chat is None:
            return []
        return [m for m in chat.bot_messages if include_deleted or not m.deleted]

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Params of every call of ``method`` (case-insensitive), in order."""
        canonical = _CANONICAL.get(method.lower(), method)
        return [r.params for r in self.requests if r.method == canonical]

    async def wait_for_call(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until ``method`` was called at least ``count`` times; return all their params."""
        if not await self.notifier.wait_until(lambda: len(self.calls(method)) >= count, timeout):
            raise AssertionError(f"{method} called {len(self.calls(method))} time(s), expected {count}")
        return self.calls(method)

    def commands_for(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, str]]:
        """Commands currently set for a scope (default scope if None) and language."""
        return list(self.commands.get(scope_key(scope, language_code), []))

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return [q["answer"] for q in self.callback_queries.values() if q["answer"] is not None]

    # ----------------------------------------------------------------- updates
    def enqueue_raw(self, update: dict[str, Any]) -> int:
        """Queue any Update dict (update_id assigned if missing); return its update_id."""
        return self.updates.push(update)

    def redeliver(self, update_id: int) -> None:
        """Deliver an already delivered update again (webhook retry / restart replay)."""
        self.updates.requeue(update_id)

    async def wait_delivered(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until the bot fetched (getUpdates) or acknowledged (webhook) the update."""
        if not await self.notifier.wait_until(lambda: update_id in self.updates.delivered, timeout):
            raise AssertionError(f"update {update_id} was not delivered to the bot within {timeout}s")
