"""Deadline reminders of the action sheets: when a reminder's time comes (data/echeances.toml),
queue one outbox message for each member of each collectivity that still has sheets to submit.

Each message's dedupe key names the deadline, its date, the offset and the person, so a
reminder goes once per person even across restarts and repeated passes; the outbox worker
sends it. Nothing happens while the deadline's date is empty. `bot.workers.deadlines` runs
`queue_due_reminders` every minute.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.content.deadlines import Deadline, DueReminder, due_reminders
from handlers.content.edition import Edition
from handlers.core import frdates
from handlers.core.keyboards import encode
from handlers.core.ui import btn, esc
from handlers.home.router import MENU
from handlers.reminders.router import CHOICE
from handlers.sheets.router import DEEPLINK
from storage.repositories import OutboxRepository
from storage.repositories.audience_sources import unsubmitted_drafts_by_collectivity
from storage.repositories.broadcasts import DEADLINE_KIND
from storage.repositories.memberships import MembershipRepository

log = logging.getLogger(__name__)

RESUME_BUTTON = encode(
    [[btn("📝 Reprendre mes fiches", f"{MENU}:{DEEPLINK}")], [btn("🔕 Ne plus recevoir de rappels", f"{CHOICE}:off")]]
)
DraftsSource = Callable[[AsyncSession, int | None], Awaitable[dict[int, list[str]]]]
SHOWN_DRAFTS = 8


def when(day: date, today: date) -> str:
    days = (day - today).days
    if days <= 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    return f"dans {days} jours"


def reminder_text(reminder: DueReminder, drafts: list[str], today: date) -> str:
    name = esc(reminder.deadline.name)
    lines = [
        f"⏰ <b>Rappel</b> : {name[:1].upper()}{name[1:]} est le <b>{frdates.day(reminder.day)}</b> "
        f"({when(reminder.day, today)}).",
        "",
    ]
    if len(drafts) == 1:
        lines.append(f"Il reste une fiche à soumettre : « {esc(drafts[0])} ».")
    elif drafts:
        lines.append(f"Il reste {len(drafts)} fiches à soumettre :")
        lines += [f"• {esc(title)}" for title in drafts[:SHOWN_DRAFTS]]
        if len(drafts) > SHOWN_DRAFTS:
            lines.append(f"• … et {len(drafts) - SHOWN_DRAFTS} autres")
    else:
        lines.append("Votre participation n'est pas encore soumise.")
    lines += ["", "Reprenez là où vous en étiez :"]
    return "\n".join(lines)


async def queue_due_reminders(
    session: AsyncSession,
    deadlines: Sequence[Deadline],
    edition: Edition,
    now: datetime,
    zone: ZoneInfo,
    drafts_source: DraftsSource = unsubmitted_drafts_by_collectivity,
) -> int:
    """Queue the reminders due now in the caller's transaction; returns how many were queued."""
    due = due_reminders(list(deadlines), edition, now, zone)
    if not due:
        return 0
    drafts = await drafts_source(session, edition.year or None)
    members = await MembershipRepository(session).members_of_many(list(drafts))
    outbox = OutboxRepository(session)
    today = now.astimezone(zone).date()
    queued = 0
    for reminder in due:
        already = await outbox.existing_keys(reminder.dedupe_prefix)
        not_after = datetime.combine(reminder.day + timedelta(days=1), time(0, 0), zone)
        for telegram_id, collectivity_id in members:
            key = f"{reminder.dedupe_prefix}{telegram_id}"
            if key in already:
                continue
            await outbox.schedule(
                telegram_id,
                reminder_text(reminder, drafts[collectivity_id], today),
                kind=DEADLINE_KIND,
                send_after=now,
                buttons=RESUME_BUTTON,
                dedupe_key=key,
                not_after=not_after,
                member_of=collectivity_id,
            )
            queued += 1
    if queued:
        log.info("deadline reminders: %d queued", queued)
    return queued
