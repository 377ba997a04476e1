"""The questions feature's router, flow, steps and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("questions")

DEEPLINK = "faq"
FLOW = "faq_reponse"  # staff typing an answer to a forwarded question


class Step(enum.StrEnum):
    ANSWER = "texte"  # data: question_id
    CONFIRM = "apercu"  # the answer as the asker will read it; data: question_id, answer


WRITE_FLOW = "faq_message"  # someone writing to the label's team (/ecrire)


class WriteStep(enum.StrEnum):
    MESSAGE = "texte"


FAQ = "faq"  # faq:q:<entry> (show) | faq:more:<entry> | faq:fwd[:<key>] (forward) | faq:no
STAFF = "fq"  # fq:<ans|att|close|closen|closes|keep>:<question> | fq:link:<question>:<entry> (staff)
STAFF_ANSWER = "fqa"  # fqa:<token>:<send|edit|drop>: the preview of a staff answer

router.typed(FLOW, Step.ANSWER, Step.CONFIRM, hold_commands=True)
router.typed(WRITE_FLOW, WriteStep.MESSAGE)
