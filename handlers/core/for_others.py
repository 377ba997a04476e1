"""Texts a handler addresses to another chat (a staff notice, a colleague told) become outbox rows
in the update's transaction, keyed by the update: a handler run again queues them once, and the
outbox worker sends them, never lost, never twice. Only this chat's replies are delivered directly.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.events import EditText, Incoming, SendText
from handlers.core.keyboards import encode
from handlers.core.router import Replies
from storage.repositories import OutboxRepository

log = logging.getLogger(__name__)

NOTICE_KIND = "notice"  # outbox rows made of texts a handler addressed to another chat


async def queue_for_others(session: AsyncSession, event: Incoming, replies: Replies, now: datetime) -> Replies:
    """Texts addressed to another chat go to the outbox, in this transaction (keyed by the
    update, so a handler run again queues them once); only this chat's replies remain."""
    mine: Replies = []
    outbox = OutboxRepository(session)
    for index, action in enumerate(replies):
        chat_id = getattr(action, "chat_id", None)
        if chat_id is None or chat_id == event.chat_id:
            mine.append(action)
        elif isinstance(action, SendText):
            key = None if event.update_id is None else f"upd:{event.bot_id}:{event.update_id}:{index}"
            await outbox.schedule(
                chat_id,
                action.text,
                kind=NOTICE_KIND,
                send_after=now,
                buttons=encode(action.buttons),
                dedupe_key=key,
            )
        elif isinstance(action, EditText):
            log.warning("edit of a message in chat %s dropped: only this chat's messages can be edited", chat_id)
        else:
            log.error("%s for chat %s dropped: only texts can be sent to another chat", type(action).__name__, chat_id)
    return mine
