"""Invitations: an active member gets a single-use link, valid 7 days, for a colleague.

The link is `https://t.me/<bot>?start=inv_<token>`: 192 random bits, only their SHA-256 is
stored. Opening it asks the colleague's missing profile fields (name, role, e-mail, consent),
then makes them an active member of the dossier; the inviter is told through the outbox.
Of two people opening the same link, the first to finish wins; the second is told it served.
Someone already working on another dossier (member, or asking) is asked before joining: the
dossier they work on would change, and their sheets there would leave /fiches until they switch.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.french import named
from handlers.core.router import Replies
from handlers.core.ui import btn, column, esc
from handlers.home.menu import menu_keyboard, open_feature
from handlers.membership import texts as t
from handlers.membership.access import DossierAccess, dossier_access, forget, memberships
from handlers.membership.router import DOSSIER_LINK, FLOW, INVITATION_RESUME, INVITE_PREFIX, STEP, Step, router
from handlers.profile.commands import missing_fields, start_profile
from handlers.profile.fields import signature
from storage.models import Collectivity, Invitation
from storage.repositories import OutboxRepository
from storage.repositories.invitations import InvitationRepository
from storage.repositories.sheets import SheetsRepository

VALID_FOR = timedelta(days=7)
TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters: « inv_ » + token fits Telegram's 64-character start parameter
NEEDS = ("name", "role", "email", "consent")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


async def invite(ctx: Context) -> Replies:
    """/inviter and « Inviter un·e collègue »: a fresh link for the dossier the person is a member of."""
    access = await dossier_access(ctx)
    if access is None or not access.active:
        return [SendText(t.ONLY_MEMBERS_INVITE), *await open_feature(ctx, DOSSIER_LINK)]
    if not ctx.services.bot_username and not ctx.services.console:
        return [SendText(t.NO_BOT_NAME)]
    token = new_token()
    InvitationRepository(ctx.session).create(
        access.collectivity.id,
        token_hash(token),
        by=ctx.person.telegram_id,
        now=ctx.now,
        expires_at=ctx.now + VALID_FOR,
    )
    ctx.audit.log(ctx.person.telegram_id, "invitation_created", f"collectivity:{access.collectivity.id}")
    if not ctx.services.bot_username:  # the console: the colleague types the command in theirs
        command = f"/start {INVITE_PREFIX}{token}"
        return [SendText(t.INVITATION_CONSOLE.format(**named(access.collectivity.name), command=esc(command)))]
    link = f"https://t.me/{ctx.services.bot_username}?start={INVITE_PREFIX}{token}"
    return [SendText(t.INVITATION.format(**named(access.collectivity.name), link=esc(link)))]


async def _valid(ctx: Context, invitation: Invitation | None) -> Collectivity | None:
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= ctx.now:
        return None
    if not await _inviter_still_in(ctx, invitation):
        return None
    return await ctx.session.get(Collectivity, invitation.collectivity_id)


async def _inviter_still_in(ctx: Context, invitation: Invitation) -> bool:
    """A link is worth what its author's access is worth: one made by a member who has left, been
    removed or erased their data lets nobody in (not even its author, come back with it)."""
    if invitation.created_by in ctx.services.staff_ids:
        return True
    inviter = await ctx.people.get(invitation.created_by) if invitation.created_by else None
    if inviter is None:
        return False
    return inviter.is_staff or await memberships(ctx).is_active_member(inviter.id, invitation.collectivity_id)


@router.deeplink_prefix(INVITE_PREFIX)
async def invitation_opened(ctx: Context) -> Replies:
    token = ctx.event.args.strip()[len(INVITE_PREFIX) :]
    invitation = await InvitationRepository(ctx.session).by_hash(token_hash(token)) if token.isascii() else None
    collectivity = await _valid(ctx, invitation)
    if invitation is None or collectivity is None:
        ctx.end_flow()
        ctx.audit.log(ctx.person.telegram_id, "invitation_refused", "invalid or used")
        return [SendText(t.INVITATION_INVALID, menu_keyboard())]
    if await memberships(ctx).is_active_member(ctx.person.id, collectivity.id):
        ctx.person.collectivity_id = collectivity.id
        ctx.end_flow()
        return [SendText(t.ALREADY_MEMBER.format(**named(collectivity.name))), *await open_feature(ctx, DOSSIER_LINK)]
    resume = {"i": invitation.id}
    if missing_fields(ctx.person, NEEDS):
        intro = t.INVITATION_INTRO.format(**named(collectivity.name))
        return await start_profile(ctx, INVITATION_RESUME, NEEDS, resume=resume, confirm=False, intro=intro)
    return await join(ctx, resume)


async def _working_elsewhere(ctx: Context, collectivity: Collectivity) -> DossierAccess | None:
    """The person's access to the other dossier they work on now, if they belong to it or asked to."""
    access = await dossier_access(ctx)
    if access is None or access.collectivity.id == collectivity.id or not (access.active or access.pending):
        return None
    return access


def _ask_join(ctx: Context, collectivity: Collectivity, current: DossierAccess | None) -> Replies:
    """« Rejoindre le dossier d'Y ? », saying what becomes of the dossier worked on now (if any still)."""
    names = named(collectivity.name)
    if current is None:
        text, no = t.JOIN_PLAIN.format(**names), t.NO_THANKS
    else:
        kept = t.KEPT_MEMBER if current.active else t.KEPT_REQUEST
        text = t.JOIN_ALSO.format(**names, **named(current.collectivity.name, "current_name"), kept=kept)
        no = t.NO_STAY
    tok = ctx.token
    return [SendText(text, column(btn(t.YES_JOIN, f"{STEP}:{tok}:join"), btn(no, f"{STEP}:{tok}:stay")))]


async def join_asked(ctx: Context) -> Replies:
    """The question of the JOIN step, asked again after something unexpected was typed (it never joins)."""
    invitation = await InvitationRepository(ctx.session).get(int(ctx.data.get("i", 0)))
    collectivity = await _valid(ctx, invitation)
    if collectivity is None:
        ctx.end_flow()
        return [SendText(t.INVITATION_INVALID, menu_keyboard())]
    return _ask_join(ctx, collectivity, await _working_elsewhere(ctx, collectivity))  # None: left it meanwhile


async def join_answered(ctx: Context, yes: bool) -> Replies:
    """« Oui, rejoindre » joins (the link is used then); « Non » keeps the dossier and the link."""
    resume = {"i": int(ctx.data.get("i", 0)), "sure": True}
    ctx.end_flow()
    if yes:
        return await join(ctx, resume)
    invitation = await InvitationRepository(ctx.session).get(resume["i"])
    access = await dossier_access(ctx)
    if invitation is None or await _valid(ctx, invitation) is None:
        return await ctx.dispatcher.menu(ctx)
    until = frdates.day(invitation.expires_at.astimezone(ctx.services.timezone).date())
    if access is None:  # no other dossier any more: nothing to stay on
        return [SendText(t.NOT_JOINED.format(until=until)), *await ctx.dispatcher.menu(ctx)]
    stayed = t.STAYED.format(**named(access.collectivity.name, "current_name"), until=until)
    return [SendText(stayed), *await open_feature(ctx, DOSSIER_LINK)]


@router.resume(INVITATION_RESUME, left=t.INVITATION_PENDING)
async def join(ctx: Context, resume: dict[str, Any]) -> Replies:
    """The profile is complete: use the invitation (once) and open the dossier; someone who works
    on another dossier is asked first (`sure` once they said yes)."""
    repo = InvitationRepository(ctx.session)
    invitation = await repo.get(int(resume.get("i", 0)))
    collectivity = await _valid(ctx, invitation)
    if invitation is None or collectivity is None:
        return [SendText(t.INVITATION_INVALID, menu_keyboard())]
    current = await _working_elsewhere(ctx, collectivity)
    if current is not None and not resume.get("sure"):
        ctx.start_flow(FLOW, Step.JOIN, {"i": invitation.id})
        return _ask_join(ctx, collectivity, current)
    if not await repo.use(invitation.id, by=ctx.person.telegram_id, now=ctx.now):
        return [SendText(t.INVITATION_INVALID, menu_keyboard())]
    await memberships(ctx).join_by_invitation(ctx.person.id, collectivity.id, invitation, ctx.now)
    await SheetsRepository(ctx.session).share_private_drafts(collectivity.id, ctx.person.telegram_id)
    ctx.person.collectivity_id = collectivity.id
    forget(ctx)
    ctx.audit.log(
        ctx.person.telegram_id, "invitation_used", f"invitation:{invitation.id}", collectivity=collectivity.id
    )
    if invitation.created_by:
        await OutboxRepository(ctx.session).schedule(
            invitation.created_by,
            t.JOINED_NOTICE.format(who=esc(signature(ctx.person)), **named(collectivity.name)),
            kind="membership",
            send_after=ctx.now,
            dedupe_key=f"minv:{invitation.id}",
            about=ctx.person.telegram_id,
        )
    joined = t.JOINED.format(**named(collectivity.name))
    if current is not None and current.active:
        joined += "\n" + t.JOINED_ALSO.format(**named(current.collectivity.name, "current_name"))
    return [SendText(joined), *await open_feature(ctx, DOSSIER_LINK)]
