"""The list of feature routers the bot runs, in one place."""

from __future__ import annotations

from handlers import menu, start
from handlers.questions import chat as questions_chat, inline as questions_inline, staff as questions_staff
from handlers.router import Router


def all_routers() -> list[Router]:
    return [start.router, menu.router, questions_chat.router, questions_staff.router, questions_inline.router]
