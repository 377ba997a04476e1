"""Serialise text replies so an update re-delivered after a crash gets them again.

Only texts and edits are kept: a callback answer expires within seconds, and files
(exports, pictures) are regenerated on demand rather than stored.
"""

from __future__ import annotations

from typing import Any

from handlers.core.events import Action, EditText, SendText
from handlers.core.keyboards import decode, encode


def to_stored(replies: list[Action]) -> list[dict[str, Any]]:
    stored: list[dict[str, Any]] = []
    for reply in replies:
        if isinstance(reply, SendText):
            stored.append({"t": "send", "text": reply.text, "kb": encode(reply.buttons), "chat": reply.chat_id})
        elif isinstance(reply, EditText):
            stored.append(
                {
                    "t": "edit",
                    "text": reply.text,
                    "kb": encode(reply.buttons),
                    "chat": reply.chat_id,
                    "mid": reply.message_id,
                }
            )
    return stored


def from_stored(stored: list[dict[str, Any]]) -> list[Action]:
    replies: list[Action] = []
    for item in stored:
        if item.get("t") == "send":
            replies.append(SendText(item["text"], decode(item["kb"]), item.get("chat")))
        elif item.get("t") == "edit":
            replies.append(EditText(item["mid"], item["text"], decode(item["kb"]), item.get("chat")))
    return replies
