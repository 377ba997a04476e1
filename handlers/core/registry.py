"""What the bot runs, in one place: the feature routers (in order) and every feature's share
of personal data. `bot.app` hands both to the dispatcher and the services."""

from __future__ import annotations

from handlers import (
    broadcast,
    home,
    membership,
    personal_data,
    profile,
    questions,
    reminders,
    review,
    sheets,
    staff,
    webinar,
)
from handlers.broadcast import personal as broadcast_data
from handlers.core.personal_data import DataSection
from handlers.core.router import Router
from handlers.membership import personal as membership_data
from handlers.personal_data import core_tables
from handlers.profile import personal as profile_data
from handlers.questions import personal as questions_data
from handlers.sheets import personal as sheets_data
from handlers.webinar import personal as webinar_data


def all_routers() -> list[Router]:
    # Order matters only for free text and inline queries: the questions router declares both.
    return [
        home.router,
        broadcast.router,
        staff.router,
        profile.router,
        personal_data.router,
        reminders.router,
        webinar.router,
        sheets.router,
        membership.router,
        review.router,
        questions.router,
    ]


def personal_data_sections() -> tuple[DataSection, ...]:
    return (
        profile_data.SECTION,
        webinar_data.SECTION,
        sheets_data.SECTION,
        membership_data.SECTION,
        questions_data.SECTION,
        broadcast_data.SECTION,
        core_tables.CONVERSATION,
        core_tables.MESSAGES,
        core_tables.AUDIT,
    )
