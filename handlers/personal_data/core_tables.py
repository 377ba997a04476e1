"""The core's own tables in /mesdonnees and /effacer: the conversation in progress and the
updates already handled, the messages the bot sent on its own, the audit log."""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.models import OutboxMessage
from storage.repositories import AuditRepository, UpdatesRepository
from storage.repositories.memberships import MembershipRepository
from storage.repositories.outbox_personal import OutboxPersonalData

AUDIT_RETENTION_DAYS = 365
UPDATES_RETENTION_DAYS = 7


async def export_conversation(ctx: Context) -> dict[str, Any]:
    data = {k: v for k, v in ctx.data.items() if not k.startswith("_")}
    handled = await UpdatesRepository(ctx.session).count_for_user(ctx.person.telegram_id)
    return {
        "etape_en_cours": ctx.flow and f"{ctx.flow}/{ctx.step}",
        "donnees": data,
        "messages_traites_recents": handled,
    }


async def erase_conversation(ctx: Context) -> None:
    ctx.end_flow()
    await UpdatesRepository(ctx.session).forget_user(ctx.person.telegram_id)


def _message(row: OutboxMessage) -> dict[str, Any]:
    return {
        "type": row.kind,
        "statut": row.status,
        "prevu_le": row.send_after.isoformat(),
        "envoye_le": row.sent_at.isoformat() if row.sent_at else None,
        "texte": row.text,
    }


async def export_messages(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """Messages to the person, and messages to others about them (which name them): never to
    whom those were sent."""
    outbox = OutboxPersonalData(ctx.session)
    return {
        "a_vous": [_message(row) for row in await outbox.for_chat(ctx.person.telegram_id)],
        "a_d_autres_vous_concernant": [_message(row) for row in await outbox.about(ctx.person.telegram_id)],
    }


async def erase_messages(ctx: Context) -> None:
    await OutboxPersonalData(ctx.session).forget_chat(ctx.person.telegram_id)


async def export_audit(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """What the person did, and what others did to them (staff rights given or taken, their own
    access requests decided), never by whom."""
    audit = AuditRepository(ctx.session)
    memberships = await MembershipRepository(ctx.session).of_person(ctx.person.id)
    targets = [str(ctx.person.telegram_id)] + [f"membership:{m.id}" for m, _ in memberships]
    return {
        "vos_actions": [
            {"le": e.at.isoformat(), "action": e.action, "objet": e.target}
            for e in await audit.by_actor(ctx.person.telegram_id)
        ],
        "vous_concernant": [
            {"le": e.at.isoformat(), "action": e.action}
            for e in await audit.about(targets, besides=ctx.person.telegram_id)
        ],
    }


async def keep_audit(ctx: Context) -> None:
    """The audit log is kept for its retention period (security and accountability), then purged."""


CONVERSATION = DataSection(
    "conversation",
    kept="L'étape en cours de notre conversation et vos derniers messages traités : pour reprendre "
    "où vous en étiez et ne jamais traiter deux fois le même message "
    f"(effacés au bout de {UPDATES_RETENTION_DAYS} jours).",
    export=export_conversation,
    erase=erase_conversation,
    columns=("conversation_states.user_id", "processed_updates.user_id"),
    order=95,
)
MESSAGES = DataSection(
    "messages_recus",
    kept="Les messages que je vous ai envoyés de moi-même (rappels, annonces, avis de l'équipe) : "
    "pour ne jamais les envoyer deux fois.",
    export=export_messages,
    erase=erase_messages,
    columns=("outbox.chat_id", "outbox.about_telegram_id"),
    order=90,
)
AUDIT = DataSection(
    "journal",
    kept=f"Le journal des actions sensibles (actions de l'équipe, accès refusés) : pour la sécurité du "
    f"service. Il est conservé {AUDIT_RETENTION_DAYS} jours, puis effacé, même si vous effacez vos données.",
    export=export_audit,
    erase=keep_audit,
    columns=("audit_log.actor_telegram_id",),  # and the entries about them, by their target
    order=97,
)
