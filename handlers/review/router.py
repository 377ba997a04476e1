"""The review feature's router, flow name and callback prefixes (one prefix per kind of button).

Queue, open and decision buttons carry a page or a sheet id and are checked for staff on every
press; the correction and note steps' buttons carry ctx.token so an old one is spotted.
"""

from __future__ import annotations

import enum

from handlers.core.guards import staff_only
from handlers.core.router import Router

router = Router("review")

FLOW = "relecture"  # a correction request or an internal note being written; data: sheet, reason, comment


class Step(enum.StrEnum):
    REASON = "reason"
    COMMENT = "comment"
    CONFIRM = "confirm"
    NOTE = "note"


QUEUE = "rvq"  # rvq:<page>[:p] — with p, a page turn redrawn in place
PAGE_TURN = "p"
OPEN = "rvo"  # rvo:<sheet id>[:all] — with all, the whole sheet (every answer and exchange)
WHOLE = "all"
ACT = "rva"  # rva:<v|vy|c|r|n>:<sheet id> — valider (confirmer), correction, rouvrir, note
REASON = "rvr"  # rvr:<token>:<reason code|x>
CONFIRM = "rvc"  # rvc:<token>:<ok|e|x>
STATS = "rvt"  # rvt:png
EXPORT = "rvx"  # rvx:<csv|xlsx|json>
FILES = "rvf"  # rvf:<sheet id> — receive the sheet's attachments

PAGE_SIZE = 8
COMMENT_MAX = 1500
NOTE_MAX = 2000

router.typed(FLOW, Step.COMMENT, Step.CONFIRM, Step.NOTE, hold_commands=True)
router.guard(FLOW)(staff_only)  # removed from the team half-way through a correction or a note
