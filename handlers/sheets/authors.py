"""Who wrote what, as members read it: « Modifiée par Karim le 3 décembre »."""

from __future__ import annotations

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.ui import esc
from handlers.profile.fields import ERASED_PERSON
from handlers.sheets import texts as t
from storage.models import ActionSheet


async def author_name(ctx: Context, telegram_id: int | None) -> str:
    """Plain name of an author: « vous », their name, or « une personne qui a supprimé ses données »."""
    if telegram_id == ctx.person.telegram_id:
        return "vous"
    person = await ctx.people.get(telegram_id) if telegram_id else None
    if person is None or not (person.profile_name or person.first_name):
        return ERASED_PERSON
    return person.profile_name or person.display_name


async def modified_line(ctx: Context, sheet: ActionSheet) -> str:
    local = sheet.updated_at.astimezone(ctx.services.timezone)
    who = esc(await author_name(ctx, sheet.updated_by))
    line = t.MODIFIED_BY.format(who=who, day=frdates.day(local.date(), year=False))
    if sheet.submitted_by is not None and sheet.submitted_at is not None:
        submitted = sheet.submitted_at.astimezone(ctx.services.timezone)
        line += t.SUBMITTED_BY.format(
            who=esc(await author_name(ctx, sheet.submitted_by)), day=frdates.day(submitted.date(), year=False)
        )
    return line
