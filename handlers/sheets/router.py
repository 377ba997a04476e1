"""The sheets feature's router, flow name and callback prefixes (one prefix per screen)."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("sheets")

FLOW = "fiche"  # data: sheet (id), mode (fill|edit), i (question index), v (version shown)
DEEPLINK = "fiches"


class Step(enum.StrEnum):
    SERVICES = "services"  # tick the services of the enjeu
    QUESTION = "q"  # one question of the form, index i
    CONFLICT = "conflict"  # a colleague changed the field meanwhile: mine or theirs
    SUMMARY = "summary"  # the card with edit buttons and « Soumettre »
    SUBMIT = "submit"  # « Soumettre « … » à l'équipe du label ? »
    DELETE = "delete"  # « Supprimer le brouillon ? »
    FILES = "files"  # the attachments, each with a button to take it off the sheet


# Callback prefixes. Dossier buttons (`shd`) carry ids, checked against the person's
# collectivity; flow-step buttons carry ctx.token so an old one pressed again is spotted.
DOSSIER = "shd"  # shd | shd:<menu|m|x> | shd:<e|n>:<enjeu> | shd:<o|f>:<sheet id> (open, its files)
SERVICES = "shs"  # shs:<t|ok|b|x>:<token>[:<service index>]
QUESTION = "shq"  # shq:<c|m|ok|k|p|b|x>:<token>[:<choice index>]
SUMMARY = "shr"  # shr:<e|d|dy|dn|sn|x>:<token>[:<field index|s>] | shr:<s|sy>:<token>:<sheet id>
CONFLICT = "shc"  # shc:<m|o>:<token>
FILES = "shf"  # shf:<l|b>:<token> | shf:r:<token>:<attachment id>

router.typed(FLOW, Step.QUESTION)
