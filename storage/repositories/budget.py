"""The bot's send budget: one rule for every sender, kept in memory (SQLite: one process) or in
the `send_budget` row (PostgreSQL: every process of the bot shares it).

`decide` is the rule, on a plain state, so both stores apply exactly the same one:
- at most `limit` grants in any sliding `window` (a window a little longer than Telegram's
  second absorbs the jitter between a grant and the request reaching Telegram);
- replies go first: a reply takes any free place at once; when none is free it marks itself
  waiting, and background sends (outbox, progress edits) stand back until it went;
- background grants are spaced (`spacing`), so a reply never finds a burst ahead of it;
- a 429 pauses background sends (`paused_until`); replies keep their own short retries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.budget import SendBudgetRow

WAIT_FLOOR = 0.002  # never ask a caller to come back sooner than this


@dataclass(frozen=True)
class BudgetRules:
    limit: int  # grants per window
    window: float  # seconds
    spacing: float  # seconds between two background grants

    @classmethod
    def per_second(cls, rate: float, background_rate: float | None = None, margin: float = 0.05) -> BudgetRules:
        """`rate` messages per second for the whole bot, background ones at most `background_rate`."""
        window = 1.0 + margin
        limit = max(1, int(rate))
        background = min(rate, background_rate or rate)
        return cls(limit=limit, window=window, spacing=window / max(1.0, background))


@dataclass
class BudgetState:
    stamps: list[float] = field(default_factory=list)
    next_slot: float = 0.0
    paused_until: float = 0.0
    reply_wait_until: float = 0.0


@dataclass(frozen=True)
class Decision:
    wait: float  # 0: granted; else seconds before asking again
    paused: bool = False  # background only: the wait is a 429 pause

    @property
    def granted(self) -> bool:
        return self.wait <= 0


GRANTED = Decision(0.0)


def decide(state: BudgetState, now: float, *, reply: bool, rules: BudgetRules) -> Decision:
    """Grant one send now (recording it in `state`) or say how long to wait."""
    horizon = now - rules.window
    state.stamps = [s for s in state.stamps if s > horizon]
    if not reply:
        if state.paused_until > now:
            return Decision(state.paused_until - now, paused=True)
        standing_back = max(state.reply_wait_until, state.next_slot)
        if standing_back > now:
            return Decision(max(WAIT_FLOOR, standing_back - now))
    if len(state.stamps) < rules.limit:
        state.stamps.append(now)
        if reply:
            state.reply_wait_until = 0.0
        else:
            state.next_slot = now + rules.spacing
        return GRANTED
    frees_at = sorted(state.stamps)[len(state.stamps) - rules.limit] + rules.window
    wait = max(WAIT_FLOOR, frees_at - now)
    if reply:  # hold the place that frees first for this reply
        state.reply_wait_until = max(state.reply_wait_until, frees_at + WAIT_FLOOR)
    return Decision(wait)


class SendBudgetRepository:
    """The shared budget row (PostgreSQL only): each decision locks the row, reads the server's clock,
    applies `decide`, writes the row back; the caller commits at once."""

    def __init__(self, session: AsyncSession, bot_id: int) -> None:
        self.session = session
        self.bot_id = bot_id

    async def _locked(self) -> tuple[SendBudgetRow, float]:
        query = select(SendBudgetRow).where(SendBudgetRow.bot_id == self.bot_id).with_for_update()
        row = await self.session.scalar(query)
        if row is None:  # the first send of this bot: create the row (another process may race)
            await self.session.execute(
                pg_insert(SendBudgetRow)
                .values(bot_id=self.bot_id, stamps=[], next_slot=0.0, paused_until=0.0, reply_wait_until=0.0)
                .on_conflict_do_nothing()
            )
            row = await self.session.scalar(query)
            assert row is not None
        # The clock is read once the row is locked: a grant is stamped when it is really given.
        now = float(await self.session.scalar(select(func.extract("epoch", func.clock_timestamp()))) or 0.0)
        return row, now

    @staticmethod
    def _state(row: SendBudgetRow) -> BudgetState:
        return BudgetState(list(row.stamps or []), row.next_slot, row.paused_until, row.reply_wait_until)

    @staticmethod
    def _store(row: SendBudgetRow, state: BudgetState) -> None:
        row.stamps = state.stamps  # a new list: JSON columns track replacement
        row.next_slot, row.paused_until, row.reply_wait_until = (
            state.next_slot,
            state.paused_until,
            state.reply_wait_until,
        )

    async def take(self, *, reply: bool, rules: BudgetRules) -> Decision:
        row, now = await self._locked()
        state = self._state(row)
        decision = decide(state, now, reply=reply, rules=rules)
        self._store(row, state)
        return decision

    async def pause(self, seconds: float) -> None:
        row, now = await self._locked()
        row.paused_until = max(row.paused_until, now + seconds)

    async def paused_for(self) -> float:
        """Seconds left of a 429 pause (0: none), read without locking."""
        paused = await self.session.scalar(
            select(SendBudgetRow.paused_until - func.extract("epoch", func.clock_timestamp())).where(
                SendBudgetRow.bot_id == self.bot_id
            )
        )
        return max(0.0, float(paused or 0.0))
