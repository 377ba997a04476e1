"""Staff checks for the review buttons, the sheet lookup, and how moments read (« il y a 3 jours »)."""

from __future__ import annotations

from datetime import datetime

from handlers.core.context import Context
from handlers.core.ui import StaleButton, int_arg
from handlers.review.router import FLOW
from storage.models import ActionSheet
from storage.repositories.review import ReviewRepository
from storage.repositories.sheets import SheetsRepository


def require_staff(ctx: Context) -> None:
    """A review button pressed by someone who is not (or no longer) staff: logged, refused."""
    if not ctx.is_staff:
        ctx.audit.log(ctx.person.telegram_id, "staff_button_denied", ctx.event.callback_data[:64])
        if ctx.flow == FLOW:  # removed from the team half-way through a correction or a note
            ctx.end_flow()
        raise StaleButton(ctx.event.callback_data)


def sheets(ctx: Context) -> SheetsRepository:
    return SheetsRepository(ctx.session)


def review(ctx: Context) -> ReviewRepository:
    return ReviewRepository(ctx.session)


async def sheet_by_id(ctx: Context, raw_id: str) -> ActionSheet | None:
    return await sheets(ctx).get_for_staff(int_arg(raw_id))


def edition(ctx: Context) -> int:
    return ctx.content.edition.year


def local(ctx: Context, moment: datetime) -> str:
    return moment.astimezone(ctx.services.timezone).strftime("%d/%m/%Y %H:%M")


def age(moment: datetime | None, now: datetime) -> str:
    """« il y a 5 min », « il y a 3 h », « il y a 2 jours »."""
    if moment is None:
        return "(date inconnue)"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return "à l'instant"
    if seconds < 3600:
        return f"il y a {seconds // 60} min"
    if seconds < 86400:
        return f"il y a {seconds // 3600} h"
    days = seconds // 86400
    return "il y a 1 jour" if days == 1 else f"il y a {days} jours"
