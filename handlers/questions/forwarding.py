"""Store a user's question for staff and tell every staff member about it (through the outbox:
committed with the question, never lost, sent once to each)."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.notices import notify, staff_chat_ids
from handlers.core.router import Replies
from handlers.core.ui import esc, shorten
from handlers.questions import texts
from storage.repositories import FaqRepository


def who(person) -> str:
    name = esc(person.profile_name or person.display_name)
    return f"{name} ({person.telegram_id})"


async def forward_to_staff(ctx: Context, question: str) -> Replies:
    """Store the question and queue a notice to every staff member; no reply of its own."""
    forwarded = FaqRepository(ctx.session).forward(ctx.person.telegram_id, question, ctx.now)
    await ctx.session.flush()  # its id keys the notices
    shown = esc(shorten(question, 500))
    notice = texts.STAFF_NEW_QUESTION.format(who=who(ctx.person), question=shown)
    for staff_id in await staff_chat_ids(ctx):
        if staff_id != ctx.person.telegram_id:
            await notify(ctx, staff_id, notice, key=f"faq:new:{forwarded.id}:{staff_id}", about=ctx.person.telegram_id)
    return []
