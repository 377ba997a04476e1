"""Executes neutral actions through a transport's `Sender`, the same way for every library.

Replies to a conversation: long texts split, a 429 waited out (briefly) and retried,
an edit of a vanished message sent as a new one, a blocked user recorded by the caller, a
message Telegram refuses (its HTML, a file…) replaced by a short notice so the person knows.
Only the conversation's own chat is written to: a message for anyone else goes through the
outbox (the dispatcher queues it in the update's transaction), so it is never lost on a failure.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from bot.transports.errors import BotBlocked, DeliveryError, MessageGone, NetworkFailure, NotModified, RetryAfter
from bot.transports.splitting import split_html
from handlers.core.events import (
    Action,
    AnswerCallback,
    AnswerInline,
    EditText,
    Incoming,
    InlineResult,
    Keyboard,
    SendDocument,
    SendFile,
    SendPhoto,
    SendText,
)
from handlers.core.texts import REPLY_REFUSED
from handlers.core.ui import esc, shorten

log = logging.getLogger(__name__)

MAX_WAIT_FOR_REPLY = 30.0  # seconds a conversation reply may wait on a 429 before giving up


class Sender(Protocol):
    async def send_text(self, chat_id: int, text: str, buttons: Keyboard) -> int: ...

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> None: ...

    async def answer_callback(self, callback_id: str, text: str, alert: bool) -> None: ...

    async def send_document(self, chat_id: int, filename: str, content: bytes, caption: str, mime_type: str) -> int: ...

    async def send_photo(self, chat_id: int, content: bytes, caption: str, filename: str) -> int: ...

    async def send_file(self, chat_id: int, file_id: str, kind: str, caption: str) -> int: ...

    async def answer_inline(self, query_id: str, results: list[InlineResult]) -> None: ...


async def with_retries(call, *, attempts: int = 4, max_wait: float = MAX_WAIT_FOR_REPLY):
    """Run `call()` again after a 429 or a network failure, within a bounded wait."""
    waited = 0.0
    for attempt in range(attempts):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == attempts - 1 or waited + exc.seconds > max_wait:
                raise
            waited += exc.seconds
            await asyncio.sleep(exc.seconds)
        except NetworkFailure:
            if attempt == attempts - 1:
                raise
            delay = 0.5 * 2**attempt
            waited += delay
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


async def deliver(sender: Sender, event: Incoming, actions: list[Action]) -> set[int]:
    """Send every action to the event's chat; returns the chats that turned out to have blocked the bot."""
    blocked: set[int] = set()
    for action in actions:
        chat_id = getattr(action, "chat_id", None) or event.chat_id
        if chat_id != event.chat_id:  # the core queues those in the outbox; never sent from here
            log.error(
                "%s for chat %s not delivered: another chat goes through the outbox", type(action).__name__, chat_id
            )
            continue
        if chat_id in blocked:
            continue
        try:
            await _deliver_one(sender, event, action)
        except BotBlocked:
            blocked.add(chat_id)
        except (NetworkFailure, RetryAfter):
            raise  # worth sending again later: the caller keeps the replies
        except DeliveryError as exc:  # refused for good: say so rather than leave a silence
            log.warning("%s refused by Telegram in chat %s: %s", type(action).__name__, chat_id, exc)
            await _tell_refused(sender, chat_id, exc)
    return blocked


async def _tell_refused(sender: Sender, chat_id: int, exc: DeliveryError) -> None:
    try:
        await with_retries(lambda: sender.send_text(chat_id, REPLY_REFUSED.format(why=esc(shorten(str(exc), 200))), []))
    except DeliveryError as again:
        log.warning("the notice of a refused message could not be sent to chat %s either: %s", chat_id, again)


async def _deliver_one(sender: Sender, event: Incoming, action: Action) -> None:
    chat_id = getattr(action, "chat_id", None) or event.chat_id
    if isinstance(action, SendText):
        await send_long_text(sender, chat_id, action.text, action.buttons)
    elif isinstance(action, EditText):
        try:
            await with_retries(lambda: sender.edit_text(chat_id, action.message_id, action.text, action.buttons))
        except NotModified:
            pass
        except MessageGone:
            await send_long_text(sender, chat_id, action.text, action.buttons)
    elif isinstance(action, AnswerCallback):
        if event.callback_id:
            try:
                await sender.answer_callback(event.callback_id, action.text, action.alert)
            except Exception:  # noqa: BLE001 — an expired query must not stop the real replies
                log.info("callback %s could not be answered", event.callback_id)
    elif isinstance(action, SendDocument):
        await with_retries(
            lambda: sender.send_document(chat_id, action.filename, action.content, action.caption, action.mime_type)
        )
    elif isinstance(action, SendPhoto):
        await with_retries(lambda: sender.send_photo(chat_id, action.content, action.caption, action.filename))
    elif isinstance(action, SendFile):
        await with_retries(lambda: sender.send_file(chat_id, action.file_id, action.kind, action.caption))
    elif isinstance(action, AnswerInline) and event.inline_query_id:
        await sender.answer_inline(event.inline_query_id, action.results)


async def send_long_text(sender: Sender, chat_id: int, text: str, buttons: Keyboard) -> int:
    parts = split_html(text)
    message_id = 0
    for index, part in enumerate(parts):
        keyboard = buttons if index == len(parts) - 1 else []
        message_id = await with_retries(lambda part=part, keyboard=keyboard: sender.send_text(chat_id, part, keyboard))
    return message_id
