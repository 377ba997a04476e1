"""Collectivities people belong to: a row is created the first time someone links to one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Collectivity


class CollectivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, collectivity_id: int) -> Collectivity | None:
        return await self.session.get(Collectivity, collectivity_id)

    async def by_code(self, code: str) -> Collectivity | None:
        return await self.session.scalar(select(Collectivity).where(Collectivity.code == code))

    async def get_or_create(self, *, code: str, kind: str, name: str, department: str, population: int) -> Collectivity:
        """The row for `code`, refreshed from the directory (names and populations change)."""
        row = await self.by_code(code)
        if row is None:
            row = Collectivity(code=code, kind=kind, name=name[:200], department=department[:64], population=population)
            try:
                async with self.session.begin_nested():
                    self.session.add(row)
            except IntegrityError:  # linked concurrently by someone of the same collectivity
                row = await self.by_code(code)
                assert row is not None
            return row
        row.kind, row.name, row.department, row.population = kind, name[:200], department[:64], population
        return row
