"""Forwarded questions and learned phrasings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.faq import ForwardedQuestion, LearnedPhrasing
from storage.repositories._rowcount import changed_rows

QUESTION_MAX = 1000


class FaqRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def forward(self, asker_telegram_id: int, text: str, now: datetime) -> ForwardedQuestion:
        question = ForwardedQuestion(asker_telegram_id=asker_telegram_id, text=text[:QUESTION_MAX], asked_at=now)
        self.session.add(question)
        return question

    async def get(self, question_id: int) -> ForwardedQuestion | None:
        return await self.session.get(ForwardedQuestion, question_id)

    async def open_questions(self, limit: int = 10) -> Sequence[ForwardedQuestion]:
        query = (
            select(ForwardedQuestion)
            .where(ForwardedQuestion.status == "open")
            .order_by(ForwardedQuestion.asked_at, ForwardedQuestion.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def count_open(self) -> int:
        return (
            await self.session.scalar(
                select(func.count()).select_from(ForwardedQuestion).where(ForwardedQuestion.status == "open")
            )
            or 0
        )

    def learn(self, entry_id: str, phrasing: str, added_by: int, now: datetime) -> LearnedPhrasing:
        row = LearnedPhrasing(entry_id=entry_id, phrasing=phrasing[:QUESTION_MAX], added_by=added_by, added_at=now)
        self.session.add(row)
        return row

    async def learned_phrasings(self) -> dict[str, list[str]]:
        rows = (await self.session.scalars(select(LearnedPhrasing).order_by(LearnedPhrasing.id))).all()
        phrasings: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            phrasings[row.entry_id].append(row.phrasing)
        return dict(phrasings)

    async def by_asker(self, telegram_id: int) -> Sequence[ForwardedQuestion]:
        return (
            await self.session.scalars(
                select(ForwardedQuestion).where(ForwardedQuestion.asker_telegram_id == telegram_id)
            )
        ).all()

    async def answered_by(self, telegram_id: int) -> Sequence[ForwardedQuestion]:
        query = select(ForwardedQuestion).where(ForwardedQuestion.answered_by == telegram_id)
        return (await self.session.scalars(query.order_by(ForwardedQuestion.id))).all()

    async def phrasings_added_by(self, telegram_id: int) -> Sequence[LearnedPhrasing]:
        query = select(LearnedPhrasing).where(LearnedPhrasing.added_by == telegram_id)
        return (await self.session.scalars(query.order_by(LearnedPhrasing.id))).all()

    async def forget_asker(self, telegram_id: int) -> set[str]:
        """Erasure of someone who asked: their questions go, and so do the learned phrasings
        copied from them (a phrasing is the asker's own words). Returns those phrasings, for the
        matcher in service to drop them too."""
        texts = {q.text for q in await self.by_asker(telegram_id)}
        learned: set[str] = set()
        if texts:
            query = select(LearnedPhrasing.phrasing).where(LearnedPhrasing.phrasing.in_(texts))
            learned = set((await self.session.scalars(query)).all())
            await self.session.execute(delete(LearnedPhrasing).where(LearnedPhrasing.phrasing.in_(texts)))
        await self.session.execute(delete(ForwardedQuestion).where(ForwardedQuestion.asker_telegram_id == telegram_id))
        return learned

    async def forget_staff(self, telegram_id: int) -> int:
        """Erasure of a staff member: answers and phrasings stay, without their id."""
        count = 0
        for column, model in (
            (ForwardedQuestion.answered_by, ForwardedQuestion),
            (LearnedPhrasing.added_by, LearnedPhrasing),
        ):
            count += await changed_rows(
                self.session,
                update(model)
                .where(column == telegram_id)
                .values({column.key: 0})
                .execution_options(synchronize_session=False),
            )
        return count
