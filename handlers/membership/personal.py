"""Memberships in personal data: the person's requests and memberships (with who decided), the
decisions they took on others' requests, the invitations they sent or used. Erasing removes
their own rows; decisions they took on others' requests stay, without their id; unused
invitations they sent are withdrawn."""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories.invitations import InvitationRepository
from storage.repositories.memberships import MembershipRepository


async def export(ctx: Context) -> dict[str, Any]:
    repo = MembershipRepository(ctx.session)
    rows = await repo.of_person(ctx.person.id)
    decided = [(m, c) for m, c in await repo.decided_by(ctx.person.telegram_id) if m.person_id != ctx.person.id]
    invitations = await InvitationRepository(ctx.session).of_person(ctx.person.telegram_id)
    return {
        "dossiers": [
            {
                "collectivite": c.name,
                "code": c.code,
                "statut": m.status,
                "demande_le": m.requested_at.isoformat(),
                "decide_le": m.decided_at.isoformat() if m.decided_at else None,
                "decide_par": m.decided_as or None,
                "motif": m.reason or None,
            }
            for m, c in rows
        ],
        # on others' requests: which dossier, what and when, never who asked (that is theirs)
        "decisions_prises": [
            {"collectivite": c.name, "statut": m.status, "le": m.decided_at.isoformat() if m.decided_at else None}
            for m, c in decided
        ],
        "invitations": [
            {
                "envoyee": i.created_by == ctx.person.telegram_id,
                "le": i.created_at.isoformat(),
                "utilisee_le": i.used_at.isoformat() if i.used_at else None,
            }
            for i in invitations
        ],
    }


async def erase(ctx: Context) -> None:
    await MembershipRepository(ctx.session).forget_person(ctx.person.id, ctx.person.telegram_id)
    await InvitationRepository(ctx.session).forget_person(ctx.person.telegram_id, ctx.now)


SECTION = DataSection(
    "acces_aux_dossiers",
    kept="Vos demandes d'accès aux dossiers des collectivités, qui les a acceptées et quand, et les "
    "invitations que vous avez envoyées ou reçues : pour que seuls les membres reconnus d'une "
    "collectivité lisent et modifient ses fiches.",
    export=export,
    erase=erase,
    columns=(
        "memberships.person_id",
        "memberships.decided_by",
        "invitations.created_by",
        "invitations.used_by",
    ),
    order=45,
)
