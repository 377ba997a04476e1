"""A text longer than Telegram's 4,096 characters arrives as several messages, sent a second or
two apart. The parts after the first are no answers of their own: saving one would keep a
fragment that starts mid-word. So a text that follows closely a text long enough to have been
cut is refused as its rest, told in one short line; the question above stays valid.

« Long enough » is measured as Telegram counts (UTF-16 code units: an emoji counts two), with a
margin: Telegram Desktop cuts at the last paragraph break or space before the limit, so a first
part may be well under 4,096. Every part refused as a rest keeps the paste open, however short,
for a paste cut in three or more.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.core.context import Context

CUT_AT = 3000  # UTF-16 units: a text this long may be the first part of a cut paste
WITHIN = timedelta(seconds=3)  # the parts of one paste are sent a second or two apart; a retry after
# reading « trop long » takes longer, and must not be refused as a rest
KEY = "_cut"  # in the conversation data: when the last part of an open paste was sent (ISO)


def sent_at(ctx: Context) -> datetime:
    return ctx.event.sent_at or ctx.now


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def is_continuation(ctx: Context) -> bool:
    """This text follows closely a long one, or a part of it: the rest of a paste Telegram cut."""
    stamp = ctx.data.get(KEY)
    if not isinstance(stamp, str):
        return False
    try:
        previous = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return timedelta(0) <= sent_at(ctx) - previous <= WITHIN


def remember(ctx: Context, *, continuation: bool = False) -> None:
    """After a text was handled: a long one, or a part of an open paste, may have more parts
    coming; any other closes the paste."""
    if continuation or telegram_length(ctx.event.text) >= CUT_AT:
        ctx.update_data(**{KEY: sent_at(ctx).isoformat()})
    elif KEY in ctx.data:
        ctx.state.data = {k: v for k, v in ctx.data.items() if k != KEY}
