"""Flow guards shared by features (see `Router.guard`): who may still be in a flow."""

from __future__ import annotations

from handlers.core import texts
from handlers.core.context import Context


async def staff_only(ctx: Context) -> str | None:
    """A staff flow (answering a question, a broadcast, a review): left by someone removed from the team."""
    return None if ctx.is_staff else texts.NO_LONGER_STAFF
