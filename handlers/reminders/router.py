"""The reminders feature's router and callback prefix."""

from __future__ import annotations

from handlers.core.router import Router

router = Router("reminders")

CHOICE = "rap"  # rap:<off|on> — no token: the choice is idempotent, a double tap changes nothing
