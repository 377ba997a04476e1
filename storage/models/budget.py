"""The bot's send budget, shared by every process on PostgreSQL: one row per bot.

Telegram counts a bot's messages whichever process sends them, so the budget lives in the
database: the calls in flight and those returned in the last window, when the next background
send may go, and until when a 429 paused the background sends. Times are the database server's clock (epoch seconds),
so processes on several hosts agree. SQLite keeps the same budget in memory (one process).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Float
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class SendBudgetRow(Base):
    __tablename__ = "send_budget"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    stamps: Mapped[list[float]] = mapped_column(JSON, default=list)  # calls returned in the last window
    in_flight: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)  # grant token -> granted at
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)  # earliest next background grant
    paused_until: Mapped[float] = mapped_column(Float, default=0.0)  # a 429: background sends wait
    reply_wait_until: Mapped[float] = mapped_column(Float, default=0.0)  # a reply is waiting: it goes first
