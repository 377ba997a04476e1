"""Chats known to the server and the Telegram JSON objects built from them.

Role: ``ChatState`` (one private chat with a user: identity, blocked flag,
message-id counter, the bot's recorded messages and the user's own messages)
and builders producing User / Chat / Message / PhotoSize dicts shaped exactly as
the Bot API returns them, so aiogram and python-telegram-bot deserialize them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .recording import RecordedFile, RecordedMessage

BOT_FIRST_NAME = "Arobase"
BOT_USERNAME = "arobase_test_bot"


def now() -> int:
    return int(time.time())


def bot_user(bot_id: int) -> dict[str, Any]:
    """The bot's User object as it appears in ``from``."""
    return {"id": bot_id, "is_bot": True, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME}


def get_me(bot_id: int) -> dict[str, Any]:
    """getMe's result: the bot User with the bot-only capability fields."""
    return {
        **bot_user(bot_id),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@dataclass
class ChatState:
    """A private chat between the bot and one (simulated) user."""

    chat_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    blocked: bool = False
    next_id: int = 1
    bot_messages: list[RecordedMessage] = field(default_factory=list)
    by_id: dict[int, RecordedMessage] = field(default_factory=dict)
    user_messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: list[RecordedMessage] = field(default_factory=list)

    def new_message_id(self) -> int:
        """Telegram numbers messages per private chat, both directions sharing one counter."""
        message_id = self.next_id
        self.next_id += 1
        return message_id

    def user_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.chat_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_dict(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    def record_event(self, message: RecordedMessage) -> None:
        """Remember a send or an edit (as a snapshot) for ``SimulatedUser.replies``."""
        self.events.append(message.snapshot())


def document_dict(file: RecordedFile) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.size,
    }
    if file.filename:
        doc["file_name"] = file.filename
    if file.mime_type:
        doc["mime_type"] = file.mime_type
    return doc


def photo_sizes(file: RecordedFile) -> list[dict[str, Any]]:
    """A thumbnail and the full size, both pointing at the same stored bytes."""
    base = {"file_id": file.file_id, "file_unique_id": file.file_unique_id}
    return [
        {
            **base,
            "file_id": file.file_id + "_s",
            "file_unique_id": file.file_unique_id + "s",
            "width": 90,
            "height": 67,
            "file_size": min(file.size, 1500),
        },
        {**base, "width": 800, "height": 600, "file_size": file.size},
    ]


def message_dict(msg: RecordedMessage, chat: ChatState, bot_id: int, *, nested: bool = False) -> dict[str, Any]:
    """The Message object for a bot message, as returned by send/edit methods."""
    result: dict[str, Any] = {
        "message_id": msg.message_id,
        "from": bot_user(bot_id),
        "chat": chat.chat_dict(),
        "date": msg.date,
    }
    if msg.edit_date:
        result["edit_date"] = msg.edit_date
    if msg.kind == "text":
        result["text"] = msg.text
        if msg.entities:
            result["entities"] = msg.entities
    else:
        if msg.document:
            result["document"] = document_dict(msg.document)
        if msg.photo:
            result["photo"] = photo_sizes(msg.photo)
        if msg.text:
            result["caption"] = msg.text
            if msg.entities:
                result["caption_entities"] = msg.entities
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        result["reply_markup"] = msg.reply_markup
    if msg.reply_to_message_id and not nested:
        replied = chat.by_id.get(msg.reply_to_message_id)
        if replied is not None:
            result["reply_to_message"] = message_dict(replied, chat, bot_id, nested=True)
        elif msg.reply_to_message_id in chat.user_messages:
            result["reply_to_message"] = chat.user_messages[msg.reply_to_message_id]
    return result


def user_message(chat: ChatState, **content: Any) -> dict[str, Any]:
    """A new Message from the user in their private chat, with ``content`` fields."""
    message = {
        "message_id": chat.new_message_id(),
        "from": chat.user_dict(),
        "chat": chat.chat_dict(),
        "date": now(),
        **content,
    }
    chat.user_messages[message["message_id"]] = message
    return message


def my_chat_member(chat: ChatState, bot_id: int, old: str, new: str) -> dict[str, Any]:
    """The ChatMemberUpdated body sent when the user blocks ("kicked") / unblocks the bot."""

    def member(status: str) -> dict[str, Any]:
        data: dict[str, Any] = {"status": status, "user": bot_user(bot_id)}
        if status == "kicked":
            data["until_date"] = 0
        return data

    return {
        "chat": chat.chat_dict(),
        "from": chat.user_dict(),
        "date": now(),
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    }
