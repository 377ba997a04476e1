"""The staff-team feature's router (commands only: no flow, no buttons)."""

from __future__ import annotations

from handlers.core.router import Router

router = Router("staff")
