"""Placeholder values for FAQ answers, from the edition file and the webinar sessions."""

from __future__ import annotations

from handlers.context import Context

NO_WEBINAR = "aucune session annoncée pour l'instant"


def placeholder_values(ctx: Context) -> dict[str, str]:
    values = dict(ctx.services.get("edition").placeholders())
    values["prochain_webinaire"] = NO_WEBINAR
    describe = ctx.services.extras.get("next_webinar")
    if describe is not None:
        values["prochain_webinaire"] = describe(ctx.now) or NO_WEBINAR
    return values
