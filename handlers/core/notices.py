"""Messages to someone other than the person the bot is talking to (staff notices, answers
relayed to an asker…): queued in the outbox in the handler's transaction, so they are committed
with what caused them, sent by the outbox worker (retries, rate budget), never lost, never twice
(one dedupe key per message and recipient).

A handler may also just return `SendText(text, chat_id=other)`: the dispatcher queues it the
same way, keyed by the update. Use `notify` for a key of your own (stable across updates) or to
be told the outcome (`report_to`).
"""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.events import Keyboard
from handlers.core.keyboards import encode
from storage.models import OutboxMessage, OutboxStatus
from storage.repositories import OutboxRepository

KIND = "notice"


def report_to(chat_id: int, *, sent: str, blocked: str, failed: str) -> dict[str, Any]:
    """Who is told how the message ended, and the words for each end (HTML, short)."""
    return {"chat": chat_id, "sent": sent, "blocked": blocked, "failed": failed}


async def notify(
    ctx: Context,
    chat_id: int,
    text: str,
    *,
    key: str,
    buttons: Keyboard | None = None,
    report: dict[str, Any] | None = None,
    kind: str = KIND,
    about: int | None = None,
) -> bool:
    """Queue `text` for `chat_id`; False when a message with this key was already queued.
    `about`: whose personal data the text carries, erased with them (see OutboxMessage)."""
    row = await OutboxRepository(ctx.session).schedule(
        chat_id,
        text,
        kind=kind,
        send_after=ctx.now,
        buttons=encode(buttons or []),
        dedupe_key=key,
        report=report,
        about=about,
    )
    return row is not None


async def delivery_of(ctx: Context, key: str) -> OutboxStatus | None:
    """Where the message queued under `key` stands (None: no such message)."""
    rows: list[OutboxMessage] = [r for r in await OutboxRepository(ctx.session).pending_for(key) if r.dedupe_key == key]
    return OutboxStatus(rows[0].status) if rows else None


async def staff_chat_ids(ctx: Context) -> list[int]:
    """Every staff member: those of the configuration and those named with /staff."""
    in_database = {p.telegram_id for p in await ctx.people.staff()}
    return sorted(set(ctx.services.staff_ids) | in_database)
