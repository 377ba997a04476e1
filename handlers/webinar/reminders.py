"""Webinar reminders as outbox rows: one per registration and offset (dedupe key
`webinar:{registration}:{minutes}`, never sent so late that its « Demain » or « Dans une heure »
would be wrong: half its lead before the start), cancelled by key prefix
when the registration is cancelled or moved. The background outbox worker sends them.

The text carries the date and link known when it was scheduled; `resync_reminders` brings
pending rows in line with the sessions file after staff change a date, a link or the
offsets (run at start-up).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.content.sessions import WebinarCatalogue, WebinarSession
from handlers.core.events import Button
from handlers.core.keyboards import encode
from handlers.core.ui import esc
from handlers.webinar import texts as t
from handlers.webinar.router import MINE
from storage.models import OutboxStatus
from storage.models.webinar import WebinarRegistration
from storage.repositories import OutboxRepository, WebinarRepository

log = logging.getLogger(__name__)


def reminder_prefix(registration_id: int) -> str:
    return f"webinar:{registration_id}:"


def attribute(value: str) -> str:
    """Staff-written values inside HTML text and href attributes."""
    return esc(value).replace('"', "&quot;")


def join_line(session: WebinarSession) -> str:
    """How to join: the link, or (an example session, not announced) that it will come later."""
    return t.LINK_LATER if session.provisional else t.JOIN_LINE.format(link=attribute(session.link))


def join_rows(session: WebinarSession) -> list[list[Button]]:
    return [] if session.provisional else [[Button(t.JOIN, url=session.link)]]


def lead(minutes: int) -> str:
    """How long before the start a reminder is sent, as it opens the text: « Demain », « Dans une heure »."""
    days, rest = divmod(minutes, 1440)
    if rest == 0 and days:
        return t.LEAD_TOMORROW if days == 1 else t.LEAD_DAYS.format(days=days)
    if days == 0 and minutes % 60 == 0:
        return t.LEAD_ONE_HOUR if minutes == 60 else t.LEAD_HOURS.format(hours=minutes // 60)
    if minutes < 60:
        return t.LEAD_ONE_MINUTE if minutes == 1 else t.LEAD_MINUTES.format(minutes=minutes)
    return t.LEAD_ANY


def _content(
    session: WebinarSession, catalogue: WebinarCatalogue, minutes: int
) -> tuple[str, list[list[dict[str, Any]]]]:
    text = t.REMINDER.format(
        lead=lead(minutes), title=attribute(session.title), when=session.when(catalogue.zone), join=join_line(session)
    )
    return text, encode([*join_rows(session), [Button(t.MANAGE, data=MINE)]])


def _valid_until(session: WebinarSession, catalogue: WebinarCatalogue, minutes: int) -> datetime:
    """A reminder sent late (the bot was down) must still say the truth: « Demain » is not sent once
    the day of the webinar began (Paris time), « Dans une heure » after 30 minutes before the start
    (half its lead); the next reminder comes instead."""
    if days := whole_days(minutes):
        first_day = session.start.astimezone(catalogue.zone).date() - timedelta(days=days - 1)
        return min(session.start, datetime.combine(first_day, time(0), catalogue.zone))
    # at least a few minutes to be sent in (« Dans une minute »), never after the start
    late = min(session.start, _send_time(session, catalogue, minutes) + MIN_WINDOW)
    return max(session.start - timedelta(minutes=minutes / 2), late)


MIN_WINDOW = timedelta(minutes=5)


def whole_days(minutes: int) -> int:
    """1 for 1440 minutes (« Demain »), 2 for 2880; 0 for a lead that is not whole days."""
    days, rest = divmod(minutes, 1440)
    return 0 if rest else days


def _send_time(session: WebinarSession, catalogue: WebinarCatalogue, minutes: int) -> datetime:
    """When the reminder `minutes` before the start goes: « Demain » at the same Paris time the day
    before, whatever a change of clocks in between (24 hours earlier would be 23 or 25)."""
    if days := whole_days(minutes):
        return (session.start.astimezone(catalogue.zone) - timedelta(days=days)).astimezone(session.start.tzinfo)
    return session.start - timedelta(minutes=minutes)


def _due(session: WebinarSession, catalogue: WebinarCatalogue, now: datetime) -> dict[int, datetime]:
    """Offset (minutes) -> send time, for the reminders still ahead."""
    times = {m: _send_time(session, catalogue, m) for m in catalogue.reminder_offsets}
    return {m: at for m, at in times.items() if at > now}


async def schedule_reminders(
    db: AsyncSession,
    catalogue: WebinarCatalogue,
    registration: WebinarRegistration,
    session: WebinarSession,
    chat_id: int,
    now: datetime,
) -> int:
    outbox = OutboxRepository(db)
    scheduled = 0
    for minutes, at in _due(session, catalogue, now).items():  # registered late: past ones skipped
        text, buttons = _content(session, catalogue, minutes)
        row = await outbox.schedule(
            chat_id,
            text,
            kind="webinar_reminder",
            send_after=at,
            not_after=_valid_until(session, catalogue, minutes),
            buttons=buttons,
            dedupe_key=f"{reminder_prefix(registration.id)}{minutes}",
        )
        scheduled += row is not None
    return scheduled


async def resync_reminders(db: AsyncSession, catalogue: WebinarCatalogue, now: datetime) -> int:
    """Align pending reminders with the sessions file; returns how many rows changed."""
    changed = 0
    outbox = OutboxRepository(db)
    for registration, chat_id in await WebinarRepository(db).registered_with_chats():
        session = catalogue.get(registration.session_id)
        prefix = reminder_prefix(registration.id)
        # Every row found has a key starting with the prefix: `is not None` only narrows the type.
        pending = {
            row.dedupe_key.removeprefix(prefix): row
            for row in await outbox.pending_for(prefix)
            if row.status == OutboxStatus.PENDING and row.kind == "webinar_reminder" and row.dedupe_key is not None
        }
        if session is None or session.start <= now:
            for row in pending.values():
                row.status = OutboxStatus.CANCELLED
                changed += 1
            continue
        for key, row in pending.items():
            minutes = int(key) if key.isdigit() else None
            # an offset no longer configured, or too late to be true: a reminder due while the bot was
            # down and still true (« Dans une heure » at 12:10 for 13:00) goes out now
            if minutes not in catalogue.reminder_offsets or _valid_until(session, catalogue, minutes) <= now:
                row.status = OutboxStatus.CANCELLED
                changed += 1
                continue
            at = _send_time(session, catalogue, minutes)
            text, buttons = _content(session, catalogue, minutes)
            until = _valid_until(session, catalogue, minutes)
            if (row.send_after, row.not_after, row.text, row.buttons) != (at, until, text, buttons):
                row.send_after, row.not_after, row.text, row.buttons = at, until, text, buttons
                changed += 1
        # Offsets added to the file: scheduled now (keys already used, even sent ones, are skipped).
        changed += await schedule_reminders(db, catalogue, registration, session, chat_id, now)
    if changed:
        log.info("webinar reminders brought in line with the sessions file: %d row(s)", changed)
    return changed
