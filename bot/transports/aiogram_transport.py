"""aiogram 3 adapter: Telegram updates -> neutral events, neutral actions -> Bot API calls.

Long polling, or a webhook on aiohttp with Telegram's secret token checked.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.transports import errors
from bot.transports.session import TransportSession, bot_id_of, incoming_from_dict
from handlers.core.events import InlineResult, Keyboard

if TYPE_CHECKING:
    from aiogram.types import InlineQueryResultUnion  # a typing alias only (not in every aiogram 3.x)

log = logging.getLogger(__name__)


def make_bot(token: str, api_server: str) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_server.rstrip("/")))
    return Bot(
        token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)),
    )


def _markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(text=b.label, callback_data=b.data)
                for b in row
            ]
            for row in buttons
        ]
    )


@asynccontextmanager
async def _mapped_errors():
    try:
        yield
    except TelegramRetryAfter as exc:
        raise errors.RetryAfter(float(exc.retry_after)) from exc
    except TelegramForbiddenError as exc:
        raise errors.BotBlocked(exc.message) from exc
    except TelegramBadRequest as exc:
        raise errors.bad_request(exc.message) from exc
    except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:
        raise errors.NetworkFailure(str(exc)) from exc


class AiogramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int:
        async with _mapped_errors():
            message = await self.bot.send_message(chat_id, text, reply_markup=_markup(buttons))
        return message.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        async with _mapped_errors():
            await self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=_markup(buttons)
            )

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None:
        async with _mapped_errors():
            await self.bot.answer_callback_query(callback_id, text=text or None, show_alert=alert)

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str, mime_type: str) -> int:
        async with _mapped_errors():
            message = await self.bot.send_document(
                chat_id, BufferedInputFile(content, filename=filename), caption=caption or None
            )
        return message.message_id

    async def send_photo(self, chat_id: int, content: bytes, caption: str, filename: str) -> int:
        async with _mapped_errors():
            message = await self.bot.send_photo(
                chat_id, BufferedInputFile(content, filename=filename), caption=caption or None
            )
        return message.message_id

    async def send_file(self, chat_id: int, file_id: str, kind: str, caption: str) -> int:
        async with _mapped_errors():
            if kind == "photo":
                message = await self.bot.send_photo(chat_id, file_id, caption=caption or None)
            else:
                message = await self.bot.send_document(chat_id, file_id, caption=caption or None)
        return message.message_id

    async def answer_inline(self, query_id: str, results: list[InlineResult]) -> None:
        articles: list[InlineQueryResultUnion] = [
            InlineQueryResultArticle(
                id=r.id,
                title=r.title,
                description=r.description or None,
                input_message_content=InputTextMessageContent(message_text=r.text, parse_mode=ParseMode.HTML),
            )
            for r in results
        ]
        async with _mapped_errors():
            await self.bot.answer_inline_query(query_id, articles, cache_time=60, is_personal=False)

    async def set_commands(self, commands: list[tuple[str, str]], chat_id: int | None = None) -> None:
        scope = BotCommandScopeChat(chat_id=chat_id) if chat_id else BotCommandScopeDefault()
        async with _mapped_errors():
            await self.bot.set_my_commands([BotCommand(command=c, description=d) for c, d in commands], scope=scope)

    async def bot_username(self) -> str:
        async with _mapped_errors():
            return (await self.bot.get_me()).username or ""


class AiogramTransport:
    """Runs the bot on aiogram: polling, or a webhook served by aiohttp."""

    def __init__(self, core: TransportSession, token: str, api_server: str) -> None:
        self.core = core
        self.bot = make_bot(token, api_server)
        self.bot_id = bot_id_of(token)
        self.sender = AiogramSender(self.bot)
        self.dp = Dispatcher()
        for observer in (self.dp.message, self.dp.callback_query, self.dp.inline_query, self.dp.my_chat_member):
            observer.register(self._on_update)
        self._polling: asyncio.Task | None = None
        self._runner: web.AppRunner | None = None

    async def _on_update(self, _event: object, event_update: Update) -> None:
        event = incoming_from_dict(event_update.model_dump(mode="json", exclude_none=True, by_alias=True), self.bot_id)
        if event is not None:
            await self.core.process(event, self.sender)

    async def __aenter__(self) -> AiogramTransport:
        await self.core.startup(self.sender)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._polling is not None:
            try:
                await self.dp.stop_polling()
            except RuntimeError:
                pass
            try:
                await asyncio.wait_for(self._polling, timeout=30)
            except (TimeoutError, asyncio.CancelledError):
                self._polling.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.bot.session.close()

    async def start_polling(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        self._polling = asyncio.create_task(
            self.dp.start_polling(
                self.bot,
                handle_signals=False,
                close_bot_session=False,
                polling_timeout=20,
                allowed_updates=self.core.allowed_updates,
            )
        )

    async def start_webhook(self, listen: str, port: int, path: str, url: str, secret: str) -> None:
        """Serve the webhook on aiohttp; Telegram's secret token header is checked on each call."""
        app = web.Application()
        SimpleRequestHandler(
            dispatcher=self.dp, bot=self.bot, secret_token=secret, handle_in_background=False
        ).register(app, path=path)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=self.core.allowed_updates)
