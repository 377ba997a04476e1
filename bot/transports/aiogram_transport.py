"""aiogram 3 adapter: Telegram updates -> neutral events, neutral actions -> Bot API calls.

Updates come through `bot.transports.intake` (our getUpdates loop, or our webhook server with
Telegram's secret token checked): an update is confirmed only once its transaction committed.
aiogram's Bot makes every Bot API call.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from aiogram import Bot, methods
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
from aiogram.methods.base import Response
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
    TelegramObject,
)

from bot.transports import errors
from bot.transports.intake import Poller, WebhookServer, webhook_app
from bot.transports.session import TransportSession, bot_id_of
from handlers.core.events import InlineResult, Keyboard

if TYPE_CHECKING:
    from aiogram.types import InlineQueryResultUnion  # a typing alias only (not in every aiogram 3.x)

log = logging.getLogger(__name__)


class _Sent(TelegramObject):
    """What the bot reads of a message it sent: its id. The rest Telegram echoes (the text, the
    keyboard with each of its buttons) is kept unparsed: pydantic built a model for every button."""

    message_id: int


class _SendMessage(methods.SendMessage):
    __returning__ = _Sent  # type: ignore[assignment]


class _EditMessageText(methods.EditMessageText):
    __returning__ = _Sent | bool


class _RawUpdate(TelegramObject):
    """An update as Telegram sent it: `bot.transports.session` reads the JSON itself, so aiogram's
    models of it (built, then dumped back to JSON) are not needed."""

    update_id: int


class _GetUpdates(methods.GetUpdates):
    __returning__ = list[_RawUpdate]


# aiogram validates each reply as `Response[<method's return type>]`, a pydantic generic class
# that pydantic caches by weak reference: the garbage collector drops it and the next call builds
# it again (3 to 7 ms each, once every two or three sends under load). Held here, they stay built.
_RESPONSE_TYPES = tuple(
    Response[method.__returning__]  # type: ignore[name-defined]
    for method in (
        methods.AnswerCallbackQuery,
        methods.AnswerInlineQuery,
        methods.DeleteWebhook,
        methods.EditMessageText,
        methods.GetMe,
        methods.GetUpdates,
        methods.SendDocument,
        methods.SendMessage,
        methods.SendPhoto,
        methods.SetMyCommands,
        methods.SetWebhook,
        _SendMessage,
        _EditMessageText,
        _GetUpdates,
    )
)


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
            # (the pydantic plugin counts aiogram's deprecated fields as required in a subclass; they are not)
            call = _SendMessage(chat_id=chat_id, text=text, reply_markup=_markup(buttons))  # type: ignore[call-arg]
            sent = await self.bot(call)
        return sent.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None:
        async with _mapped_errors():
            markup = _markup(buttons)  # (the type ignore: as `_SendMessage` above)
            edit = _EditMessageText(text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup)  # type: ignore[call-arg]
            await self.bot(edit)

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
        self._stop = asyncio.Event()
        self._polling: asyncio.Task | None = None
        self._server: WebhookServer | None = None

    async def _handle(self, update: dict[str, Any], committed: Callable[[], None]):
        return await self.core.handle_raw(update, self.bot_id, self.sender, committed)

    async def _fetch(self, offset: int | None, timeout: float) -> list[dict[str, Any]]:
        async with _mapped_errors():
            call = _GetUpdates(offset=offset, timeout=int(timeout), allowed_updates=self.core.allowed_updates)
            updates = await self.bot(call, request_timeout=int(self.bot.session.timeout + timeout))
        return [u.model_dump(mode="json", exclude_none=True, by_alias=True) for u in updates]

    async def __aenter__(self) -> AiogramTransport:
        try:
            await self.core.startup(self.sender)
        except BaseException:  # a refused token…: __aexit__ will not run, close the HTTP session here
            await self.bot.session.close()
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
        await self.bot.session.close()

    async def start_polling(self) -> None:
        await self.bot.delete_webhook(drop_pending_updates=False)
        poller = Poller(self._fetch, self._handle, timeout=20)
        self._polling = asyncio.create_task(poller.run(self._stop), name="arobase-polling")

    async def start_webhook(self, listen: str, port: int, path: str, url: str, secret: str) -> None:
        """Serve the webhook on aiohttp; Telegram's secret token header is checked on each call."""
        self._server = WebhookServer(webhook_app(path, secret, self._handle))
        await self._server.start(listen, port)
        await self.bot.set_webhook(url, secret_token=secret, allowed_updates=self.core.allowed_updates)
