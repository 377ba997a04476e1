"""The webinar's share of personal data (RGPD): its export for /mesdonnees and its erasure
for /effacer. Erasing cancels upcoming registrations (a freed seat goes to the next person
waiting) and keeps every row without the person, so attendance figures stay right.
"""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from handlers.webinar.service import catalogue, withdraw
from storage.repositories import WebinarRepository

STATUS_FR = {"registered": "inscrit·e", "waiting": "liste d'attente", "cancelled": "annulée"}


async def export(ctx: Context) -> list[dict[str, Any]]:
    cat = catalogue(ctx)
    result = []
    for registration in await WebinarRepository(ctx.session).for_person(ctx.person.id, active_only=False):
        session = cat.get(registration.session_id)
        result.append(
            {
                "seance": registration.session_id,
                "titre": session.title if session else None,
                "debut": session.start.isoformat() if session else None,
                "statut": STATUS_FR.get(registration.status, registration.status),
                "inscrit_le": registration.created_at.isoformat(),
                "annule_le": registration.cancelled_at.isoformat() if registration.cancelled_at else None,
            }
        )
    return result


async def erase(ctx: Context) -> None:
    repo = WebinarRepository(ctx.session)
    cat = catalogue(ctx)
    for registration in await repo.for_person(ctx.person.id):
        session = cat.get(registration.session_id)
        if session is None or session.end > ctx.now:  # not attended yet: free the seat
            await withdraw(ctx, registration)
    await repo.detach_person(ctx.person.id)


SECTION = DataSection(
    "webinaires",
    kept="Vos inscriptions aux webinaires : pour vous envoyer le lien et les rappels, et pour la "
    "liste des participants transmise à l'équipe du label.",
    export=export,
    erase=erase,
    columns=("webinar_registrations.person_id",),
    order=20,
)
