"""Collectivities (communes and intercommunalities) that people of the bot belong to.

The full INSEE directory (~36,000 rows) is searched from the shipped CSV; a row is
stored here the first time someone links to it, so sheets and people can refer to it.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Collectivity(Base):
    __tablename__ = "collectivities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # INSEE (commune) or SIREN (EPCI)
    kind: Mapped[str] = mapped_column(String(8))  # commune, cc, ca, cu, metro
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(64), default="")
    population: Mapped[int] = mapped_column(Integer, default=0)
