"""python-telegram-bot 22 adapter: same contract as the aiogram one (polling or webhook).

Updates come through `bot.transports.intake` (our getUpdates loop or our webhook server), not
PTB's Updater: PTB confirms an update as soon as it is fetched, and its webhook answers 200
before handling. PTB's Bot makes every Bot API call.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, Defaults

from bot.transports import errors
from bot.transports.intake import Poller, WebhookServer, webhook_app
from bot.transports.session import TransportSession, bot_id_of
from handlers.core.events import InlineResult, Keyboard

log = logging.getLogger(__name__)


def make_application(token: str, api_server: str) -> Application:
    server = api_server.rstrip("/")
    return (
        Application.builder()
        .token(token)
        .base_url(f"{server}/bot")
        .base_file_url(f"{server}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(64)  # the core keeps each user's updates in order
        .build()
    )


def _markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=b.data)
                for b in row
            ]
            for row in buttons
        ]
    )


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int will become a timedelta: both handled
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@asynccontextmanager
async def _mapped_errors():
    try:
        yield
    except RetryAfter as exc:
        raise errors.RetryAfter(_retry_seconds(exc)) from exc
    except Forbidden as exc:
        raise errors.BotBlocked(exc.message) from exc
    except BadRequest as exc:  # before NetworkError: BadRequest subclasses it
        raise errors.bad_request(exc.message) from exc
    except (TimedOut, NetworkError) as exc:
        raise errors.NetworkFailure(str(exc)) from exc


class PtbSender:
    def __init__(self, application: Application) -> None:
        self.bot = application.bot

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        async with _mapped_errors():
            message = await self.bot.send_message(chat_id, text, reply_markup=_markup(buttons))
        return message.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        async with _mapped_errors():
            await self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=_markup(buttons)
            )

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        async with _mapped_errors():
            await self.bot.answer_callback_query(callback_id, text=text or None, show_alert=alert)

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str, mime_type: str) -> int:
        async with _mapped_errors():
            message = await self.bot.send_document(
                chat_id, InputFile(content, filename=filename), caption=caption or None, filename=filename
            )
        return message.message_id

    async def send_photo(self, chat_id: int, content: bytes, caption: str, filename: str) -> int:
        async with _mapped_errors():
            message = await self.bot.send_photo(chat_id, InputFile(content, filename=filename), caption=caption or None)
        return message.message_id

    async def send_file(self, chat_id: int, file_id: str, kind: str, caption: str) -> int:
        async with _mapped_errors():
            if kind == "photo":
                message = await self.bot.send_photo(chat_id, file_id, caption=caption or None)
            else:
                message = await self.bot.send_document(chat_id, file_id, caption=caption or None)
        return message.message_id

    async def answer_inline(self, query_id: str, results: list[InlineResult]) -> None:
        articles = [
            InlineQueryResultArticle(
                id=r.id,
                title=r.title,
                description=r.description or None,
                input_message_content=InputTextMessageContent(r.text, parse_mode=ParseMode.HTML),
            )
            for r in results
        ]
        async with _mapped_errors():
            await self.bot.answer_inline_query(query_id, articles, cache_time=60)

    async def set_commands(self, commands: list[tuple[str, str]], chat_id: int | None = None) -> None:
        scope = BotCommandScopeChat(chat_id) if chat_id else BotCommandScopeDefault()
        async with _mapped_errors():
            await self.bot.set_my_commands([BotCommand(c, d) for c, d in commands], scope=scope)

    async def bot_username(self) -> str:
        async with _mapped_errors():
            return (await self.bot.get_me()).username or ""


class PtbTransport:
    """Runs the bot on python-telegram-bot: polling, or a webhook served by aiohttp."""

    def __init__(self, core: TransportSession, token: str, api_server: str) -> None:
        self.core = core
        self.application = make_application(token, api_server)
        self.bot_id = bot_id_of(token)
        self.sender = PtbSender(self.application)
        self._stop = asyncio.Event()
        self._polling: asyncio.Task | None = None
        self._server: WebhookServer | None = None

    async def _handle(self, update: dict[str, Any], committed: Callable[[], None]):
        return await self.core.handle_raw(update, self.bot_id, self.sender, committed)

    async def _fetch(self, offset: int | None, timeout: float) -> list[dict[str, Any]]:
        async with _mapped_errors():
            updates = await self.application.bot.get_updates(
                offset=offset, timeout=int(timeout), allowed_updates=self.core.allowed_updates
            )
        return [u.to_dict() for u in updates]

    async def __aenter__(self) -> PtbTransport:
        await self.application.initialize()
        try:
            await self.core.startup(self.sender)
        except BaseException:  # a refused token…: __aexit__ will not run, close the HTTP session here
            await self.application.shutdown()
            raise
        return self

    async def __aexit__(self, *exc) -> None:
        self._stop.set()
        if self._polling is not None:
            try:
                await asyncio.wait_for(self._polling, timeout=40)
            except (TimeoutError, asyncio.CancelledError):
                self._polling.cancel()
        if self._server is not None:
            await self._server.close()
        await self.application.shutdown()

    async def start_polling(self) -> None:
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        poller = Poller(self._fetch, self._handle, timeout=20)
        self._polling = asyncio.create_task(poller.run(self._stop), name="arobase-polling")

    async def start_webhook(self, listen: str, port: int, path: str, url: str, secret: str) -> None:
        self._server = WebhookServer(webhook_app(path, secret, self._handle))
        await self._server.start(listen, port)
        await self.application.bot.set_webhook(url, secret_token=secret, allowed_updates=self.core.allowed_updates)
