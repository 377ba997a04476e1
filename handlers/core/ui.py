"""Small helpers to build replies: HTML escaping, buttons, callback data parsing."""

from __future__ import annotations

import html

from handlers.core.events import Button, Keyboard, SendText
from handlers.core.french import cut


class StaleButton(Exception):
    """A pressed button no longer matches anything (old, forged or from another flow step)."""


def esc(text: str) -> str:
    """Escape user-supplied text for Telegram HTML."""
    return html.escape(text, quote=False)


def shorten(text: str, limit: int) -> str:
    """`text` on one line in `limit` characters, cut after a whole word with « … » (plain
    text: escape it after)."""
    return cut(text, limit)


def say(text: str, *rows: list[Button], chat_id: int | None = None) -> SendText:
    return SendText(text=text, buttons=[list(r) for r in rows if r], chat_id=chat_id)


def btn(label: str, data: str) -> Button:
    return Button(label=label, data=data)


def link(label: str, url: str) -> Button:
    return Button(label=label, url=url)


def column(*buttons: Button) -> Keyboard:
    """One button per row: the most readable layout on a phone."""
    return [[b] for b in buttons]


def split_data(data: str, expected_parts: int | None = None) -> list[str]:
    """Split callback data `prefix:a:b`; refuse anything malformed."""
    parts = data.split(":")
    if expected_parts is not None and len(parts) != expected_parts:
        raise StaleButton(data)
    return parts


def step_button(ctx, flow: str, *, parts: range, token_at: int = 1, steps: tuple[str, ...] = ()) -> list[str]:
    """Parse a flow-step button's data (`prefix:token:…`, the token at `token_at`); refuse it
    unless it belongs to the question on screen: same flow, same step token, a step of `steps`
    (any when empty), a number of parts in `parts`."""
    items = ctx.event.callback_data.split(":")
    if len(items) not in parts or ctx.flow != flow or items[token_at] != ctx.token or (steps and ctx.step not in steps):
        raise StaleButton(ctx.event.callback_data)
    return items


ID_MAX = 2**31 - 1  # the row ids buttons carry are 32-bit integers on PostgreSQL


def int_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise StaleButton(value) from None
    if number < 0 or number > ID_MAX:
        raise StaleButton(value)
    return number
