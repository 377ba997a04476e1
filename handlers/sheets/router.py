"""The sheets feature's router, flow name and callback prefixes (one prefix per screen)."""

from __future__ import annotations

from handlers.router import Router

router = Router("sheets")

FLOW = "fiche"
DEEPLINK = "fiches"

# Callback prefixes. Dossier buttons (`shd`) carry ids, checked against the person's
# collectivity; flow-step buttons carry ctx.token so an old one pressed again is spotted.
DOSSIER = "shd"
SERVICES = "shs"
QUESTION = "shq"
SUMMARY = "shr"
CONFLICT = "shc"
