"""Keyboards as stored JSON (outbox rows, replies kept for a re-delivered update) and back.

One encoding everywhere: `[[{"label": …, "data": …} | {"label": …, "url": …}]]`.
"""

from __future__ import annotations

from typing import Any

from handlers.core.events import Button, Keyboard

StoredKeyboard = list[list[dict[str, str]]]


def encode(rows: Keyboard) -> StoredKeyboard:
    return [
        [{"label": b.label, "url": b.url} if b.url else {"label": b.label, "data": b.data} for b in row] for row in rows
    ]


def decode(rows: list[list[dict[str, Any]]] | None) -> Keyboard:
    """Stored rows -> neutral keyboard (tolerates rows written by older versions: `text`, both keys)."""
    result: Keyboard = []
    for row in rows or []:
        buttons = [
            Button(
                label=str(b.get("label") or b.get("text", "")),
                data=str(b.get("data") or ""),
                url=str(b.get("url") or ""),
            )
            for b in row
        ]
        if buttons:
            result.append(buttons)
    return result
