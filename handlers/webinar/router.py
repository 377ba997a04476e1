"""The webinar feature's router, flows, steps and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("webinar")

FLOW = "webinaire"  # registering: date, missing profile fields, summary
DEEPLINK = "webinaire"
MINE_FLOW = "mesinscriptions"  # one's registrations: list, cancel, change date


class Step(enum.StrEnum):
    PICK = "pick"  # the open dates are shown
    CONFIRM = "confirm"  # the summary of session `s`


class MineStep(enum.StrEnum):
    LIST = "list"
    CANCEL = "cancel"  # confirmation, registration `r`
    CHANGE = "change"  # other dates for registration `r`


REGISTER = "wb"  # wb:<token>:s:<session id> | wb:<token>:<ok|edit|other>
MINE = "wbm"  # open « Mes inscriptions » (any screen, no token)
MINE_ACTION = "wm"  # wm:<token>:<ics|cancel|yes|no|change>:<registration>[:<session id>]
INVITATION = "wbi"  # wbi:<registration> — the calendar file (reminders, promotions)
EXPORT = "wbx"  # wbx:<csv|xlsx>:<session id|*> (staff)
