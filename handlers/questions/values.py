"""Placeholder values for FAQ answers, from the edition file and the webinar sessions."""

from __future__ import annotations

from datetime import timedelta

from handlers.core.context import Context
from handlers.core.ui import esc

NO_WEBINAR = "aucune session annoncée pour l'instant"
# An example session (data/webinaires.toml `provisoire = true`) is never passed off as announced.
PROVISIONAL_WEBINAR = "date provisoire, pas encore annoncée par l'association"


def next_webinar(ctx: Context) -> str:
    """« jeudi 12 mars, 13 h – 14 h (1 h) » for the first session still open to registration: the
    length too, for « le webinaire dure combien de temps ? »."""
    catalogue = ctx.content.webinars
    sessions = catalogue.open_sessions(ctx.now)
    if not sessions:
        return NO_WEBINAR
    session = sessions[0]
    when = esc(session.when(catalogue.zone, ctx.now))
    length = duration(session.end - session.start)
    return f"{when} ({length} ; {PROVISIONAL_WEBINAR})" if session.provisional else f"{when} ({length})"


def duration(length: timedelta) -> str:
    """« 1 h », « 1 h 30 », « 45 min »."""
    hours, minutes = divmod(round(length.total_seconds() / 60), 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def placeholder_values(ctx: Context) -> dict[str, str]:
    values = dict(ctx.content.edition.placeholders())
    values["prochain_webinaire"] = next_webinar(ctx)
    return values
