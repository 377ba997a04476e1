"""The questions' share of personal data: questions forwarded to staff (with the staff
answer), the phrasings learned from them, and for staff, the answers they wrote."""

from __future__ import annotations

from typing import Any

from handlers.core.aftercommit import after_commit
from handlers.core.context import Context
from handlers.core.personal_data import DataSection
from storage.repositories import FaqRepository


async def export(ctx: Context) -> dict[str, Any]:
    repo = FaqRepository(ctx.session)
    asked = await repo.by_asker(ctx.person.telegram_id)
    answered = await repo.answered_by(ctx.person.telegram_id)
    learned = await repo.phrasings_added_by(ctx.person.telegram_id)
    return {
        "posees": [
            {"question": q.text, "le": q.asked_at.isoformat(), "statut": q.status, "reponse": q.answer or None}
            for q in asked
        ],
        "reponses_ecrites": [{"question_n": q.id, "reponse": q.answer} for q in answered],
        "formulations_rattachees": [{"entree": p.entry_id, "formulation": p.phrasing} for p in learned],
    }


async def erase(ctx: Context) -> None:
    repo = FaqRepository(ctx.session)
    learned = await repo.forget_asker(ctx.person.telegram_id)
    await repo.forget_staff(ctx.person.telegram_id)
    if learned:  # the matcher in this process drops them once erased for good (other workers: /recharger_faq)
        holder = ctx.content.faq

        async def drop() -> None:
            holder.drop_extra_phrasings(learned)

        after_commit(ctx.session, drop)


SECTION = DataSection(
    "questions_a_l_equipe",
    kept="Les questions que vous avez transmises à l'équipe et ses réponses : pour vous répondre et "
    "améliorer les réponses du bot. Si vous effacez vos données, vos questions sont supprimées.",
    export=export,
    erase=erase,
    columns=("faq_questions.asker_telegram_id", "faq_questions.answered_by", "faq_phrasings.added_by"),
    order=30,
)
