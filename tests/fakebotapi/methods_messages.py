"""Bot API methods that create, change or remove messages in a chat.

Role: sendMessage, sendDocument, sendPhoto, editMessageText, editMessageCaption,
editMessageReplyMarkup, deleteMessage and sendChatAction, with Telegram's
checks in Telegram's order (chat, blocked, content, flood control) and the
recording tests assert on.  Each handler takes (api, params) and returns the
``result`` value or raises ``ApiError``.
"""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import ApiError, bad_request, too_many_requests
from .models import ChatState, message_dict, now
from .params import Params, UploadedFile
from .recording import RecordedFile, RecordedMessage
from .validation import check_reply_markup, format_text

if TYPE_CHECKING:
    from .server import FakeBotAPI

MAX_UPLOAD = 50 * 1024 * 1024
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def target_chat(api: FakeBotAPI, p: Params) -> ChatState:
    """The chat of ``chat_id``: 400 if unknown, 403 if the user blocked the bot."""
    chat = api.find_chat(p.require("chat_id"))
    if chat is None:
        raise ApiError(400, errors.CHAT_NOT_FOUND)
    if chat.blocked:
        raise ApiError(403, errors.BLOCKED)
    return chat


def _flood_control(api: FakeBotAPI, chat: ChatState) -> None:
    retry_after = api.limiter.check(chat.chat_id)
    if retry_after is not None:
        api.stats.too_many_requests += 1
        raise too_many_requests(retry_after)


def _reply_target(chat: ChatState, p: Params) -> int | None:
    reply = p.get("reply_parameters") or {}
    message_id = reply.get("message_id") if isinstance(reply, dict) else None
    message_id = message_id or p.get("reply_to_message_id")
    if not message_id:
        return None
    allow_missing = p.get("allow_sending_without_reply") or (
        isinstance(reply, dict) and reply.get("allow_sending_without_reply")
    )
    exists = message_id in chat.by_id or message_id in chat.user_messages
    if not exists:
        if allow_missing:
            return None
        raise ApiError(400, errors.REPLY_NOT_FOUND)
    return int(message_id)


def _text_args(api: FakeBotAPI, p: Params, field: str, *, caption: bool) -> tuple[str, list[dict[str, Any]]]:
    entities_field = "caption_entities" if caption else "entities"
    return format_text(
        p.get(field),
        p.get("parse_mode"),
        p.get(entities_field),
        caption=caption,
        strict_ampersand=api.strict_html,
    )


def _store(api: FakeBotAPI, chat: ChatState, message: RecordedMessage) -> dict[str, Any]:
    chat.bot_messages.append(message)
    chat.by_id[message.message_id] = message
    chat.record_event(message)
    api.notifier.notify()
    return message_dict(message, chat, api.bot_id)


async def send_message(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat = target_chat(api, p)
    plain, entities = _text_args(api, p, "text", caption=False)
    markup = check_reply_markup(p.get("reply_markup"))
    reply_to = _reply_target(chat, p)
    _flood_control(api, chat)
    message = RecordedMessage(
        chat_id=chat.chat_id,
        message_id=chat.new_message_id(),
        date=now(),
        kind="text",
        text=plain,
        raw_text=p.get("text"),
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
    )
    return _store(api, chat, message)


def _input_file(api: FakeBotAPI, p: Params, field: str, kind: str) -> RecordedFile:
    value = p.input_file(field)
    if isinstance(value, UploadedFile):
        if len(value.content) > MAX_UPLOAD:
            raise ApiError(413)
        mime: str | None = value.content_type
        if mime == "application/octet-stream" or not mime:  # Telegram guesses from the name
            mime = mimetypes.guess_type(value.filename or "")[0]
        return api.files.add(value.content, kind, value.filename, mime)
    if not value:
        raise bad_request(f"there is no {field} in the request")
    known = api.files.get(str(value))
    if known is None:
        raise ApiError(400, errors.WRONG_FILE)
    return known


async def _send_media(api: FakeBotAPI, p: Params, kind: str) -> dict[str, Any]:
    chat = target_chat(api, p)
    file = _input_file(api, p, kind, kind)
    plain, entities = _text_args(api, p, "caption", caption=True)
    markup = check_reply_markup(p.get("reply_markup"))
    reply_to = _reply_target(chat, p)
    _flood_control(api, chat)
    message = RecordedMessage(
        chat_id=chat.chat_id,
        message_id=chat.new_message_id(),
        date=now(),
        kind=kind,
        text=plain,
        raw_text=p.get("caption"),
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=markup,
        reply_to_message_id=reply_to,
        document=file if kind == "document" else None,
        photo=file if kind == "photo" else None,
    )
    return _store(api, chat, message)


async def send_document(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return await _send_media(api, p, "document")


async def send_photo(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    return await _send_media(api, p, "photo")


def _message_to_edit(api: FakeBotAPI, p: Params) -> tuple[ChatState, RecordedMessage]:
    if p.get("inline_message_id"):
        raise ApiError(400, errors.EDIT_NOT_FOUND)
    chat = target_chat(api, p)
    message_id = p.require("message_id")
    if message_id in chat.user_messages:
        raise ApiError(400, errors.CANT_EDIT)
    message = chat.by_id.get(message_id)
    if message is None or message.deleted:
        raise ApiError(400, errors.EDIT_NOT_FOUND)
    return chat, message


def _apply_edit(api: FakeBotAPI, chat: ChatState, message: RecordedMessage, **changes: Any) -> dict[str, Any]:
    """Edit in place (keeping the old state in ``history``) unless nothing visible changes."""
    visible = ("text", "entities", "reply_markup")
    if all(getattr(message, key) == changes[key] for key in visible if key in changes):
        raise ApiError(400, errors.NOT_MODIFIED)
    message.history.append(message.snapshot())
    for key, value in changes.items():
        setattr(message, key, value)
    message.edited = True
    message.edit_date = now()
    chat.record_event(message)
    api.notifier.notify()
    return message_dict(message, chat, api.bot_id)


async def edit_message_text(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(api, p)
    plain, entities = _text_args(api, p, "text", caption=False)
    markup = check_reply_markup(p.get("reply_markup"))
    if message.kind != "text":
        raise ApiError(400, errors.NO_TEXT_TO_EDIT)
    return _apply_edit(
        api,
        chat,
        message,
        text=plain,
        entities=entities,
        reply_markup=markup,
        raw_text=p.get("text"),
        parse_mode=p.get("parse_mode"),
    )


async def edit_message_caption(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(api, p)
    plain, entities = _text_args(api, p, "caption", caption=True)
    markup = check_reply_markup(p.get("reply_markup"))
    if message.kind == "text":
        raise ApiError(400, errors.NO_CAPTION_TO_EDIT)
    return _apply_edit(
        api,
        chat,
        message,
        text=plain,
        entities=entities,
        reply_markup=markup,
        raw_text=p.get("caption"),
        parse_mode=p.get("parse_mode"),
    )


async def edit_message_reply_markup(api: FakeBotAPI, p: Params) -> dict[str, Any]:
    chat, message = _message_to_edit(api, p)
    markup = check_reply_markup(p.get("reply_markup"))
    return _apply_edit(api, chat, message, reply_markup=markup)


async def delete_message(api: FakeBotAPI, p: Params) -> bool:
    chat = target_chat(api, p)
    message_id = p.require("message_id")
    if message_id in chat.user_messages:
        chat.user_messages.pop(message_id)
        return True
    message = chat.by_id.get(message_id)
    if message is None or message.deleted:
        raise ApiError(400, errors.DELETE_NOT_FOUND)
    message.deleted = True
    api.notifier.notify()
    return True


async def send_chat_action(api: FakeBotAPI, p: Params) -> bool:
    chat = target_chat(api, p)
    action = p.require("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    api.chat_actions.append((chat.chat_id, action))
    return True


METHODS = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "sendChatAction": send_chat_action,
}
