"""The list of feature routers the bot runs, in one place."""

from __future__ import annotations

from handlers import menu, start
from handlers import personal_data, staff
from handlers.broadcast import control as broadcast_control, flow as broadcast
from handlers.profile import commands as profile, flow as profile_flow
from handlers.webinar import flow as webinar, mine as webinar_mine, staff as webinar_staff
from handlers.webinar import data as webinar_data  # noqa: F401 — registers webinar data for /mesdonnees and /effacer
from handlers import sheets
from handlers import review
from handlers.questions import chat as questions_chat, inline as questions_inline, staff as questions_staff
from handlers.router import Router


def all_routers() -> list[Router]:
    routers = [start.router, menu.router, broadcast.router, broadcast_control.router, staff.router]
    routers += [profile.router, profile_flow.router, personal_data.router]
    routers += [webinar.router, webinar_mine.router, webinar_staff.router]
    routers += [sheets.router]
    routers += [review.router]
    routers += [questions_chat.router, questions_staff.router, questions_inline.router]
    return routers
