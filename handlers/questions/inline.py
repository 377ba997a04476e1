"""Inline mode: `@bot <question>` in any chat offers the best FAQ answers as results."""

from __future__ import annotations

import re

from handlers.core.context import Context
from handlers.core.events import AnswerInline, InlineResult
from handlers.core.router import Replies
from handlers.questions.chat import best_entries
from handlers.questions.router import router
from handlers.questions.values import placeholder_values

_TAGS = re.compile(r"<[^>]+>")


@router.inline_query()
async def inline_answers(ctx: Context) -> Replies:
    query = ctx.event.text.strip()[:300]
    if len(query) < 3:
        return [AnswerInline([])]
    holder = ctx.content.faq
    values = placeholder_values(ctx)
    results = []
    for entry in best_entries(holder, query, 3):
        answer = entry.render(values, default="—")
        plain = _TAGS.sub("", answer).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        results.append(InlineResult(id=entry.id, title=entry.question, text=answer, description=plain[:100]))
    return [AnswerInline(results)]
