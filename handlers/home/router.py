"""The home feature's router, flow and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("home")

FLOW = "accueil"  # a newcomer is asked who they are


class Step(enum.StrEnum):
    ROLE = "role"  # data: after (deep link to open once the role is known)


MENU = "menu"  # menu:<feature deep link>
ROLE = "role"  # role:<maire|elu|agent|autre>
TOOLS = "tools"  # tools (staff tools screen) | tools:<staff command> (run it)
