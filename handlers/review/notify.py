"""Notices to every member of a sheet's collectivity, queued in the outbox in the staff action's
transaction: committed together with the decision, sent by the outbox worker, never twice."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import Button
from handlers.core.french import plural
from handlers.core.keyboards import encode
from handlers.core.ui import btn, esc
from handlers.review import texts as t
from handlers.review import view
from handlers.sheets import display
from handlers.sheets.router import DOSSIER
from storage.models import ActionSheet, SheetComment
from storage.repositories import OutboxRepository
from storage.repositories.memberships import MembershipRepository

KIND = "review"


async def _to_members(ctx: Context, sheet: ActionSheet, text: str, button: Button, key: str) -> int:
    members = await MembershipRepository(ctx.session).member_telegram_ids(sheet.collectivity_id)
    outbox = OutboxRepository(ctx.session)
    for member in members:
        await outbox.schedule(
            member,
            text,
            kind=KIND,
            send_after=ctx.now,
            buttons=encode([[button]]),
            dedupe_key=f"{key}:{member}",
            member_of=sheet.collectivity_id,
        )
    return len(members)


async def correction(ctx: Context, sheet: ActionSheet, comment: SheetComment, *, reopened: bool = False) -> int:
    """« À corriger » (or « rouverte », for a sheet validated before) with the reason, the comment
    and a button that opens the sheet for editing (the sheets feature's own « open » button,
    which checks the person's access)."""
    text = (t.NOTICE_REOPENED if reopened else t.NOTICE_CORRECTION).format(
        title=esc(display.title(sheet)),
        enjeu=esc(view.enjeu_name(ctx, sheet.enjeu)),
        reason=esc(comment.reason),
        comment=esc(comment.text),
    )
    button = btn(t.NOTICE_CORRECTION_BUTTON, f"{DOSSIER}:o:{sheet.id}")
    return await _to_members(ctx, sheet, text, button, f"review:c{comment.id}")


async def validated(ctx: Context, sheet: ActionSheet) -> int:
    text = t.NOTICE_VALIDATED.format(title=esc(display.title(sheet)), enjeu=esc(view.enjeu_name(ctx, sheet.enjeu)))
    button = btn(t.NOTICE_VALIDATED_BUTTON, DOSSIER)
    return await _to_members(ctx, sheet, text, button, f"review:v{sheet.id}")


def notified_label(count: int, collectivity: str) -> str:
    if not count:
        return t.NOBODY_TO_NOTIFY
    return t.NOTIFIED.format(members=plural(count, *t.MEMBERS_NOTIFIED), collectivity=esc(collectivity))
