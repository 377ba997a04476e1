"""The personal-data feature's router, flow and callback prefix."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("personal_data")

FLOW = "effacer"


class Step(enum.StrEnum):
    CONFIRM = "confirm"


ERASE = "rgpd"  # rgpd:<token>:<yes|no>
