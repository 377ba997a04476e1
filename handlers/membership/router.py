"""The membership feature's router, flow, steps and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("membership")

DOSSIER_LINK = "fiches"  # the sheets feature's deep link: the dossier this feature guards
FLOW = "equipe"  # data: m (membership id the step is about)
INVITE_PREFIX = "inv_"  # deep link /start inv_<token>
INVITATION_RESUME = "invitation"  # profile questions asked for an invitation; resume data: i (invitation id)


class Step(enum.StrEnum):
    ACCEPT = "accord"  # « Donner accès à Karim ? »: full access to every sheet, asked once
    REFUSE_REASON = "motif"  # why a request is refused (buttons or typed)
    REMOVE = "retrait"  # « Retirer Paul du dossier ? »
    LEAVE = "depart"  # « Quitter le dossier ? »
    JOIN = "rejoindre"  # « Rejoindre aussi le dossier de Gaillac ? » (invited while working on another); data: i


DECIDE = "mbq"  # mbq:<a|r>:<membership id> — accept or refuse a request (members' and staff notices)
TEAM = "mbt"  # mbt | mbt:ask | mbt:inv | mbt:leave | mbt:rm:<membership id> | mbt:sw:<collectivity id>
STEP = "mbf"  # mbf:<token>:<action>[:<value>] — buttons of the flow's steps

router.typed(FLOW, Step.REFUSE_REASON, hold_commands=True)
