"""Serialise text replies so an update re-delivered after a crash gets them again.

Only texts and edits are kept: a callback answer expires within seconds, and files
(exports, pictures) are regenerated on demand rather than stored.
"""

from __future__ import annotations

from typing import Any

from handlers.events import Action, Button, EditText, SendText


def _keyboard(rows: list[list[Button]]) -> list[list[dict[str, str]]]:
    return [[{"label": b.label, "data": b.data, "url": b.url} for b in row] for row in rows]


def _buttons(rows: list[list[dict[str, str]]]) -> list[list[Button]]:
    return [[Button(label=b["label"], data=b.get("data", ""), url=b.get("url", "")) for b in row] for row in rows]


def to_stored(replies: list[Action]) -> list[dict[str, Any]]:
    stored: list[dict[str, Any]] = []
    for reply in replies:
        if isinstance(reply, SendText):
            stored.append({"t": "send", "text": reply.text, "kb": _keyboard(reply.buttons), "chat": reply.chat_id})
        elif isinstance(reply, EditText):
            stored.append(
                {"t": "edit", "text": reply.text, "kb": _keyboard(reply.buttons), "chat": reply.chat_id, "mid": reply.message_id}
            )
    return stored


def from_stored(stored: list[dict[str, Any]]) -> list[Action]:
    replies: list[Action] = []
    for item in stored:
        if item.get("t") == "send":
            replies.append(SendText(item["text"], _buttons(item["kb"]), item.get("chat")))
        elif item.get("t") == "edit":
            replies.append(EditText(item["mid"], item["text"], _buttons(item["kb"]), item.get("chat")))
    return replies
