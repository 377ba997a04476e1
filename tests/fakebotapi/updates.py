"""The bot's pending-update queue, shared by getUpdates and webhook delivery.

Role: number updates (update_id increases globally), drop types excluded by
``allowed_updates`` like Telegram, keep them until confirmed (getUpdates
``offset``) or acknowledged by the webhook, remember every update so a test can
``redeliver`` one (idempotency tests), and track which ids reached the bot.
"""

from __future__ import annotations

import copy
from typing import Any

from .recording import Notifier

# Telegram's default when allowed_updates was never set (or set to []).
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_type(update: dict[str, Any]) -> str | None:
    return next((key for key in update if key != "update_id"), None)


class UpdateQueue:
    """Pending updates in order; confirmed/acknowledged ones leave the queue."""

    def __init__(self, notifier: Notifier, first_id: int = 1) -> None:
        self._notifier = notifier
        self._next_id = first_id
        self.pending: list[dict[str, Any]] = []
        self.archive: dict[int, dict[str, Any]] = {}
        self.delivered: set[int] = set()
        self.dropped: list[dict[str, Any]] = []
        self.allowed_updates: list[str] | None = None
        self._forced: set[int] = set()

    def allows(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update (assigning update_id if absent); return its id."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = self._next_id
        self._next_id = max(self._next_id, update["update_id"] + 1)
        self.archive[update["update_id"]] = update
        if self.allows(update):
            self.pending.append(update)
        else:
            self.dropped.append(update)
        self._notifier.notify()
        return update["update_id"]

    def requeue(self, update_id: int) -> None:
        """Send an already delivered update again (even below the confirmed offset)."""
        if update_id not in self.archive:
            raise KeyError(f"unknown update_id {update_id}")
        self.pending.append(copy.deepcopy(self.archive[update_id]))
        self._forced.add(update_id)
        self._notifier.notify()

    def confirm(self, offset: int) -> None:
        """getUpdates offset: forget updates below ``offset`` (negative: keep the last -offset)."""
        if offset < 0:
            self.pending = self.pending[offset:]
            return
        self.pending = [u for u in self.pending if u["update_id"] >= offset or u["update_id"] in self._forced]

    def take(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` pending updates (they stay pending until confirmed)."""
        batch = self.pending[: max(1, min(limit, 100))]
        for update in batch:
            self.delivered.add(update["update_id"])
            self._forced.discard(update["update_id"])
        self._notifier.notify()
        return copy.deepcopy(batch)

    def acknowledge(self, update: dict[str, Any]) -> None:
        """Webhook answered 2xx (or gave up): remove this very update from the queue."""
        self.pending = [u for u in self.pending if u is not update]
        self._notifier.notify()

    def mark_delivered(self, update_id: int) -> None:
        self.delivered.add(update_id)
        self._forced.discard(update_id)
        self._notifier.notify()

    def clear(self) -> None:
        """drop_pending_updates=True."""
        self.pending.clear()
        self._forced.clear()
        self._notifier.notify()
