"""The core's own tables in /mesdonnees and /effacer: the conversation in progress and the
updates already handled, the messages the bot sent on its own, the audit log."""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories import AuditRepository, OutboxRepository, UpdatesRepository

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


async def export_messages(ctx: Context) -> list[dict[str, Any]]:
    rows = await OutboxRepository(ctx.session).for_chat(ctx.person.telegram_id)
    return [
        {
            "type": row.kind,
            "statut": row.status,
            "prevu_le": row.send_after.isoformat(),
            "envoye_le": row.sent_at.isoformat() if row.sent_at else None,
            "texte": row.text,
        }
        for row in rows
    ]


async def erase_messages(ctx: Context) -> None:
    await OutboxRepository(ctx.session).forget_chat(ctx.person.telegram_id)


async def export_audit(ctx: Context) -> list[dict[str, Any]]:
    entries = await AuditRepository(ctx.session).by_actor(ctx.person.telegram_id)
    return [{"le": e.at.isoformat(), "action": e.action, "objet": e.target} for e in entries]


async def keep_audit(ctx: Context) -> None:
    """The audit log is kept for its retention period (security and accountability), then purged."""


CONVERSATION = DataSection(
    "conversation",
    kept="L'étape en cours de notre conversation et vos derniers messages traités : pour reprendre "
    "où vous en étiez et ne jamais traiter deux fois le même message "
    f"(effacés au bout de {UPDATES_RETENTION_DAYS} jours).",
    export=export_conversation,
    erase=erase_conversation,
    tables=("conversation_states", "processed_updates"),
    order=95,
)
MESSAGES = DataSection(
    "messages_recus",
    kept="Les messages que je vous ai envoyés de moi-même (rappels, annonces, avis de l'équipe) : "
    "pour ne jamais les envoyer deux fois.",
    export=export_messages,
    erase=erase_messages,
    tables=("outbox",),
    order=90,
)
AUDIT = DataSection(
    "journal",
    kept=f"Le journal des actions sensibles (actions de l'équipe, accès refusés) : pour la sécurité du "
    f"service. Il est conservé {AUDIT_RETENTION_DAYS} jours, puis effacé, même si vous effacez vos données.",
    export=export_audit,
    erase=keep_audit,
    tables=("audit_log",),
    order=97,
)
