"""Placeholder values for FAQ answers, from the edition file and the webinar sessions."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.ui import esc

NO_WEBINAR = "aucune session annoncée pour l'instant"
# An example session (data/webinaires.toml `provisoire = true`) is never passed off as announced.
PROVISIONAL_WEBINAR = "date provisoire, pas encore annoncée par l'association"


def next_webinar(ctx: Context) -> str:
    """« jeudi 12 mars, 13 h – 14 h » for the first session still open to registration."""
    catalogue = ctx.content.webinars
    sessions = catalogue.open_sessions(ctx.now)
    if not sessions:
        return NO_WEBINAR
    when = esc(sessions[0].when(catalogue.zone, ctx.now))
    return f"{when} ({PROVISIONAL_WEBINAR})" if sessions[0].provisional else when


def placeholder_values(ctx: Context) -> dict[str, str]:
    values = dict(ctx.content.edition.placeholders())
    values["prochain_webinaire"] = next_webinar(ctx)
    return values
