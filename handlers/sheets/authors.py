"""Who wrote what, as members read it: « Modifiée par Karim le 3 décembre »."""

from __future__ import annotations

from datetime import datetime

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


def last_written(sheet: ActionSheet) -> tuple[int, datetime]:
    """Who last wrote in the sheet, and when: its latest answer (staff changing its status — a
    correction asked, a validation — write nothing in it)."""
    if not sheet.answers:
        return sheet.created_by, sheet.created_at
    latest = max(sheet.answers, key=lambda answer: answer.updated_at)
    return latest.updated_by, latest.updated_at


async def modified_line(ctx: Context, sheet: ActionSheet) -> str:
    writer, written = last_written(sheet)
    local = written.astimezone(ctx.services.timezone)
    who = esc(await author_name(ctx, writer))
    line = t.MODIFIED_BY.format(who=who, day=frdates.day(local.date(), year=False))
    if sheet.submitted_by is not None and sheet.submitted_at is not None:
        submitted = sheet.submitted_at.astimezone(ctx.services.timezone)
        line += t.SUBMITTED_BY.format(
            who=esc(await author_name(ctx, sheet.submitted_by)), day=frdates.day(submitted.date(), year=False)
        )
    return line
