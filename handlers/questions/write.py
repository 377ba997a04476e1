"""/ecrire (and « ✉️ Écrire à l'équipe »): a message of one's own to the label's team.

The message is stored and announced to staff exactly like a forwarded question
(`forwarding.forward_to_staff`): staff answer it from /questions, and the answer comes back here.
It is how someone refused a dossier, or whose question the FAQ cannot take, reaches a person.
"""

from __future__ import annotations

from handlers.core import french
from handlers.core.context import Context
from handlers.core.events import Kind, SendText
from handlers.core.router import Replies
from handlers.questions import texts
from handlers.questions.forwarding import forward_to_staff
from handlers.questions.router import WRITE_FLOW, WriteStep, router
from storage.repositories.faq import QUESTION_MAX

MESSAGE_MAX = QUESTION_MAX  # what a forwarded question holds (1,000); the team can ask for more
MESSAGE_MIN_LETTERS = 3


@router.command("ecrire", description="Écrire à l'équipe du label")
async def write_command(ctx: Context) -> Replies:
    ctx.start_flow(WRITE_FLOW, WriteStep.MESSAGE)
    return [SendText(texts.WRITE_ASK)]


@router.prompt(WRITE_FLOW)
async def write_prompt(ctx: Context) -> Replies:
    return [SendText(texts.WRITE_ASK)]


@router.step(WRITE_FLOW, WriteStep.MESSAGE)
async def message_typed(ctx: Context) -> Replies:
    if ctx.event.kind is not Kind.TEXT:
        return [SendText(texts.WRITE_TEXT_ONLY)]
    message = ctx.event.text.strip()
    if sum(c.isalpha() for c in message) < MESSAGE_MIN_LETTERS:
        return [SendText(texts.WRITE_TOO_SHORT)]
    if len(message) > MESSAGE_MAX:
        return [
            SendText(texts.WRITE_TOO_LONG.format(length=french.number(len(message)), limit=french.number(MESSAGE_MAX)))
        ]
    ctx.end_flow()
    return [SendText(texts.FORWARDED), *await forward_to_staff(ctx, message)]
