"""A text longer than Telegram's 4,096 characters arrives as several messages, sent a second or
two apart. The parts after the first are no answers of their own: saving one would keep a
fragment that starts mid-word (the first part itself was refused as too long, or was a whole
answer already). So a text that follows, within a few seconds, a text as long as Telegram's cut
is refused as its continuation, told in one short line; the question above stays valid.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.core.context import Context

CUT_AT = 4000  # a text this long was probably cut by Telegram (parts of 4,096 characters)
WITHIN = timedelta(seconds=10)  # the parts of one paste are sent a second or two apart
KEY = "_cut"  # in the conversation data: when the last long part was sent (ISO)


def sent_at(ctx: Context) -> datetime:
    return ctx.event.sent_at or ctx.now


def is_continuation(ctx: Context) -> bool:
    """This text follows a long one closely: the rest of a paste Telegram cut."""
    stamp = ctx.data.get(KEY)
    if not isinstance(stamp, str):
        return False
    try:
        previous = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return timedelta(0) <= sent_at(ctx) - previous <= WITHIN


def remember(ctx: Context) -> None:
    """After a text was handled: a long one may have more parts coming; any other closes the paste."""
    if len(ctx.event.text) >= CUT_AT:
        ctx.update_data(**{KEY: sent_at(ctx).isoformat()})
    elif KEY in ctx.data:
        ctx.state.data = {k: v for k, v in ctx.data.items() if k != KEY}
