"""The profile feature's router, flow, steps and callback prefix."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("profile")

FLOW = "profil"


class Step(enum.StrEnum):
    """One step per missing field (named as the field), then the summary.

    Flow data: then (feature to open after), need (fields), confirm (show the summary),
    resume (data handed back to `then`), only (one field being edited), offered (codes shown)."""

    CONSENT = "consent"
    NAME = "name"
    ROLE = "role"
    EMAIL = "email"
    COLLECTIVITY = "collectivity"
    PICK = "pick"  # collectivities offered as buttons
    SUMMARY = "summary"
    FIELDS = "fields"  # which field to change


PROFILE = "pf"  # pf:<token>:<action>[:<argument>]

router.typed(FLOW, Step.NAME, Step.EMAIL, Step.COLLECTIVITY, Step.PICK)
