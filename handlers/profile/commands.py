"""A person's profile, shared by every feature: name, role, e-mail, collectivity, consent.

The contract other features rely on:

    replies = await require_profile(ctx, "fiches", ("role", "collectivity", "consent"))
    if replies is not None:
        return replies  # questions asked; the feature reopens once they are answered

`require_profile` returns None when the listed fields are all known; otherwise it asks only
the missing ones (one per message, buttons where the choice is finite), reads the profile
back for confirmation, then continues with `handlers.menu.open_feature(ctx, then)`.
`/profil` shows the profile and lets the person change any field.
"""

from __future__ import annotations

from typing import Any

from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.router import Replies
from handlers.profile.fields import ALL_FIELDS, missing_fields
from handlers.profile.flow import ask, show_summary
from handlers.profile.router import FLOW, Step, router

INTRO = "Il me faut quelques informations, une seule fois : vous n'aurez plus à les donner."

__all__ = ["ALL_FIELDS", "edit_field", "edit_profile", "missing_fields", "require_profile", "start_profile"]


async def require_profile(
    ctx: Context, then: str, fields: tuple[str, ...] = ("name", "role", "email", "collectivity", "consent")
) -> Replies | None:
    if not missing_fields(ctx.person, fields):
        return None
    return await start_profile(ctx, then, fields)


async def start_profile(
    ctx: Context,
    then: str,
    fields: tuple[str, ...] = ALL_FIELDS,
    *,
    resume: dict[str, Any] | None = None,
    confirm: bool = True,
    intro: str = INTRO,
) -> Replies:
    """Ask the missing `fields`; then the summary (`confirm`) or the resume handler of `then`."""
    missing = missing_fields(ctx.person, fields)
    data = {"then": then, "need": list(fields), "confirm": confirm, "resume": resume}
    if not missing:
        ctx.start_flow(FLOW, Step.SUMMARY, data)
        return await show_summary(ctx)
    ctx.start_flow(FLOW, missing[0], data)
    return [SendText(intro), *await ask(ctx)]


async def edit_profile(ctx: Context, then: str = "", resume: dict[str, Any] | None = None) -> Replies:
    """Offer to change one field; afterwards back to `then` (resumed) or the profile summary."""
    ctx.start_flow(
        FLOW, Step.FIELDS, {"then": then, "need": list(ALL_FIELDS), "confirm": resume is None, "resume": resume}
    )
    return await ask(ctx)


async def edit_field(ctx: Context, field: str, then: str) -> Replies:
    """Ask one field again (« Ce n'est pas ma collectivité »), then open feature `then`."""
    ctx.start_flow(FLOW, field, {"then": then, "need": [field], "confirm": False, "resume": None, "only": field})
    return await ask(ctx)


@router.command("profil", description="Mes informations")
async def profile_command(ctx: Context) -> Replies:
    ctx.start_flow(FLOW, Step.SUMMARY, {"then": "", "need": list(ALL_FIELDS), "confirm": True, "resume": None})
    return await show_summary(ctx)
