"""Facts other features own that broadcasts and deadline reminders need: who registered for
a webinar session, which collectivities still have sheets to submit.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.people import Person
from storage.models.sheets import EDITABLE_STATUSES, ActionSheet, SheetAnswer, shared, started
from storage.models.webinar import ACTIVE_STATUSES, WebinarRegistration


class AudienceUnavailable(Exception):
    """An audience kind this version does not know (an old job, a forged value)."""


async def unsubmitted_drafts_by_collectivity(session: AsyncSession, edition: int | None = None) -> dict[int, list[str]]:
    """Collectivity id -> titles of its sheets not yet submitted (drafts, and sheets sent back
    for correction), for one edition when given."""
    Sheet, Answer = ActionSheet, SheetAnswer
    query = (
        select(Sheet.collectivity_id, Sheet.id, Answer.value)
        .outerjoin(Answer, and_(Answer.sheet_id == Sheet.id, Answer.field == "titre"))
        .where(Sheet.status.in_([s.value for s in EDITABLE_STATUSES]), shared(), started())
        .order_by(Sheet.collectivity_id, Sheet.id)
    )
    if edition is not None:
        query = query.where(Sheet.edition == edition)
    drafts: dict[int, list[str]] = defaultdict(list)
    for collectivity_id, sheet_id, title in (await session.execute(query)).all():
        drafts[collectivity_id].append((title or "").strip() or f"fiche n°{sheet_id} (sans titre)")
    return dict(drafts)


async def registered_for_session(session: AsyncSession, session_id: str) -> list[int]:
    """Telegram ids of the people registered or waiting for a webinar session."""
    Registration = WebinarRegistration
    query = (
        select(Person.telegram_id)
        .join(Registration, Registration.person_id == Person.id)
        .where(
            Registration.session_id == session_id,
            Registration.status.in_([s.value for s in ACTIVE_STATUSES]),
        )
    )
    return list((await session.scalars(query)).all())
