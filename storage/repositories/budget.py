"""The bot's send budget: one rule for every sender, kept in memory (SQLite: one process) or in
the `send_budget` row (PostgreSQL: every process of the bot shares it).

`decide` is the rule, on a plain state, so both stores apply exactly the same one:
- a grant is a place in a sliding `window` (Telegram's second): at most `limit` places taken.
  A place is held from the grant until the call returned (`in_flight`), then by the time the call
  returned (`stamps`) for a whole window. Telegram received the request before it answered, so
  two requests `limit` places apart always reach it at least a window apart, whatever the
  jitter between a grant and its request (a busy event loop, another process, the network);
- replies go first: a reply takes any free place at once; when none is free it marks itself
  waiting, and background sends (outbox, progress edits) stand back until it went;
- background grants are spaced (`spacing`, a slot a little late keeps the schedule; a reply
  takes the place of one), so a reply never finds a burst ahead of it;
- a 429 pauses background sends (`paused_until`); replies keep their own short retries;
- a call never reported done (its process died) gives its place back after `IN_FLIGHT_TTL`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.budget import SendBudgetRow

WAIT_FLOOR = 0.002  # never ask a caller to come back sooner than this
MARGIN = 0.003  # the window is this much longer than a second (clocks, rounding)
IN_FLIGHT_TTL = 90.0  # seconds: longer than any Bot API call may take
POLL_IN_FLIGHT = 0.02  # every place held by a call in flight: ask again this soon


@dataclass(frozen=True)
class BudgetRules:
    limit: int  # places per window
    window: float  # seconds
    spacing: float  # seconds between two background grants

    @classmethod
    def per_second(cls, rate: float, background_rate: float | None = None, margin: float = MARGIN) -> BudgetRules:
        """`rate` messages per second for the whole bot, background ones at most `background_rate`."""
        window = 1.0 + margin
        limit = max(1, int(rate))
        background = min(rate, background_rate or rate)
        return cls(limit=limit, window=window, spacing=window / max(1.0, background))


@dataclass
class BudgetState:
    stamps: list[float] = field(default_factory=list)  # when calls of the last window returned
    next_slot: float = 0.0
    paused_until: float = 0.0
    reply_wait_until: float = 0.0
    in_flight: dict[str, float] = field(default_factory=dict)  # grant token -> granted at


@dataclass(frozen=True)
class Decision:
    wait: float  # 0: granted; else seconds before asking again
    paused: bool = False  # background only: the wait is a 429 pause

    @property
    def granted(self) -> bool:
        return self.wait <= 0


GRANTED = Decision(0.0)


def _prune(state: BudgetState, now: float, rules: BudgetRules) -> None:
    for token, granted_at in list(state.in_flight.items()):
        if granted_at < now - IN_FLIGHT_TTL:  # never reported done: its process died
            del state.in_flight[token]
            state.stamps.append(granted_at + IN_FLIGHT_TTL)  # the latest it could have returned
    horizon = now - rules.window
    state.stamps = sorted(s for s in state.stamps if s > horizon)


def decide(state: BudgetState, now: float, *, reply: bool, rules: BudgetRules, token: str) -> Decision:
    """Grant one send now under `token` (recording it in `state`) or say how long to wait."""
    _prune(state, now, rules)
    if not reply:
        if state.paused_until > now:
            return Decision(state.paused_until - now, paused=True)
        standing_back = max(state.reply_wait_until, state.next_slot)
        if standing_back > now:
            return Decision(max(WAIT_FLOOR, standing_back - now))
    taken = len(state.stamps) + len(state.in_flight)
    if taken < rules.limit:
        state.in_flight[token] = now
        if reply:  # the reply takes the place of a background send: the schedule moves one slot
            state.reply_wait_until = 0.0
            state.next_slot = max(state.next_slot, now) + rules.spacing
        else:  # keep the schedule when this grant comes late by less than a slot (a busy event loop)
            state.next_slot = max(state.next_slot, now - rules.spacing) + rules.spacing
        return GRANTED
    to_free = taken - rules.limit + 1  # places that must free; stamps free first, oldest first
    if len(state.stamps) >= to_free:
        frees_at = state.stamps[to_free - 1] + rules.window
        wait = max(WAIT_FLOOR, frees_at - now)
    else:  # held by calls in flight: they free a window after they return
        frees_at, wait = now + POLL_IN_FLIGHT, POLL_IN_FLIGHT
    if reply:  # hold the place that frees first for this reply
        state.reply_wait_until = max(state.reply_wait_until, frees_at + WAIT_FLOOR)
    return Decision(wait)


def done(state: BudgetState, now: float, token: str) -> None:
    """The call granted under `token` returned (or failed): its place is held a window from now."""
    state.in_flight.pop(token, None)
    state.stamps.append(now)


class SendBudgetRepository:
    """The shared budget row (PostgreSQL only): each decision locks the row, reads the server's clock,
    applies `decide`, writes the row back; the caller commits at once."""

    def __init__(self, session: AsyncSession, bot_id: int) -> None:
        self.session = session
        self.bot_id = bot_id

    async def _locked(self) -> tuple[BudgetState, float]:
        """Lock the bot's row (creating it the first time) and read the server's clock after."""
        budget = SendBudgetRow
        query = (
            select(budget.stamps, budget.next_slot, budget.paused_until, budget.reply_wait_until, budget.in_flight)
            .where(budget.bot_id == self.bot_id)
            .with_for_update()
        )
        row = (await self.session.execute(query)).first()
        if row is None:  # the first send of this bot: create the row (another process may race)
            await self.session.execute(
                pg_insert(SendBudgetRow)
                .values(
                    bot_id=self.bot_id, stamps=[], in_flight={}, next_slot=0.0, paused_until=0.0, reply_wait_until=0.0
                )
                .on_conflict_do_nothing()
            )
            row = (await self.session.execute(query)).first()
            assert row is not None
        state = BudgetState(list(row.stamps or []), row.next_slot, row.paused_until, row.reply_wait_until)
        state.in_flight = dict(row.in_flight or {})
        # The clock is read once the row is locked: a place is stamped when it is really taken.
        now = float(await self.session.scalar(select(func.extract("epoch", func.clock_timestamp()))) or 0.0)
        return state, now

    async def _store(self, state: BudgetState) -> None:
        await self.session.execute(
            update(SendBudgetRow)
            .where(SendBudgetRow.bot_id == self.bot_id)
            .values(
                stamps=state.stamps,
                in_flight=state.in_flight,
                next_slot=state.next_slot,
                paused_until=state.paused_until,
                reply_wait_until=state.reply_wait_until,
            )
        )

    async def take(self, *, reply: bool, rules: BudgetRules, token: str, finished: Sequence[str] = ()) -> Decision:
        """Decide for `token`, after recording the calls `finished` since the last visit (stamped
        now: a little later than they returned, which only holds their places a little longer)."""
        state, now = await self._locked()
        for finished_token in finished:
            done(state, now, finished_token)
        decision = decide(state, now, reply=reply, rules=rules, token=token)
        await self._store(state)
        return decision

    async def done(self, tokens: Sequence[str]) -> None:
        state, now = await self._locked()
        for token in tokens:
            done(state, now, token)
        await self._store(state)

    async def pause(self, seconds: float) -> None:
        state, now = await self._locked()
        state.paused_until = max(state.paused_until, now + seconds)
        await self._store(state)

    async def paused_for(self) -> float:
        """Seconds left of a 429 pause (0: none), read without locking."""
        paused = await self.session.scalar(
            select(SendBudgetRow.paused_until - func.extract("epoch", func.clock_timestamp())).where(
                SendBudgetRow.bot_id == self.bot_id
            )
        )
        return max(0.0, float(paused or 0.0))
