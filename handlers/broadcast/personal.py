"""Broadcasts in personal data: for a staff member, the broadcasts they started."""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories.broadcasts import BroadcastRepository


async def export(ctx: Context) -> list[dict[str, Any]]:
    jobs = await BroadcastRepository(ctx.session).created_by(ctx.person.telegram_id)
    return [
        {"diffusion": j.id, "le": j.created_at.isoformat(), "public": j.audience_label, "texte": j.text} for j in jobs
    ]


async def erase(ctx: Context) -> None:
    await BroadcastRepository(ctx.session).forget_creator(ctx.person.telegram_id)


SECTION = DataSection(
    "diffusions",
    kept="Pour l'équipe du label : les diffusions que vous avez lancées, avec leur bilan. Effacées de "
    "votre nom si vous effacez vos données.",
    export=export,
    erase=erase,
    columns=("broadcast_jobs.created_by", "broadcast_jobs.status_chat_id"),
    order=35,
    staff_only=True,
)
