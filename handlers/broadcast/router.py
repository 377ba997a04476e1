"""The broadcast feature's router, flow, steps and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("broadcast")

FLOW = "diffusion"


class Step(enum.StrEnum):
    TEXT = "texte"  # the message, checked against Telegram's HTML
    AUDIENCE = "public"  # data: text
    ROLE = "role"
    SESSION = "session"  # data: sessions (ids offered)
    DEPARTMENT = "departement"
    CONFIRM = "confirmer"  # data: audience


COMPOSE = "bcf"  # bcf:<token>:<choice>[:<value>]
JOB = "bcj"  # bcj:<pause|resume|cancel|cancelok|keep>:<job> — the progress message's buttons

router.typed(FLOW, Step.TEXT, Step.DEPARTMENT, hold_commands=True)
