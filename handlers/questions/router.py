"""The questions feature's router, flow, steps and callback prefixes."""

from __future__ import annotations

import enum

from handlers.core.router import Router

router = Router("questions")

DEEPLINK = "faq"
FLOW = "faq_reponse"  # staff typing an answer to a forwarded question


class Step(enum.StrEnum):
    ANSWER = "texte"  # data: question_id


FAQ = "faq"  # faq:q:<entry> (show) | faq:more:<entry> | faq:fwd (forward) | faq:no
STAFF = "fq"  # fq:<ans|att|close>:<question> | fq:link:<question>:<entry> (staff)

router.typed(FLOW, Step.ANSWER)
