"""The list of feature routers the bot runs, in one place."""

from __future__ import annotations

from handlers import menu, start
from handlers.router import Router


def all_routers() -> list[Router]:
    return [start.router, menu.router]
