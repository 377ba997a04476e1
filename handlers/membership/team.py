"""The team of a dossier: who has access (role, since when), the requests waiting, and the
ways to invite a colleague, leave, remove someone, or switch to another dossier one belongs to.

A removal takes effect at the next update: every access is worked out from the database.
"""

from __future__ import annotations

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.events import SendText
from handlers.core.french import named
from handlers.core.keyboards import encode
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, column, esc, int_arg, shorten, split_data
from handlers.home.menu import open_feature, show_menu
from handlers.home.router import MENU
from handlers.membership import texts as t
from handlers.membership.access import dossier_access, forget, may_manage, memberships
from handlers.membership.invitations import invite
from handlers.membership.requests import decide_row, send_request, switch_button
from handlers.membership.router import DOSSIER_LINK, FLOW, STEP, TEAM, Step, router
from handlers.profile.commands import edit_field
from handlers.profile.fields import signature
from storage.models import Collectivity, DecidedAs, Membership, MembershipStatus, Person
from storage.repositories import CollectivityRepository, OutboxRepository


@router.command("equipe", description="L'équipe de mon dossier")
async def team_command(ctx: Context) -> Replies:
    code = ctx.event.args.strip()
    if ctx.is_staff and code:  # staff: `/equipe 81004` shows (and manages) any collectivity's team
        collectivity = await CollectivityRepository(ctx.session).by_code(code[:16])
        if collectivity is None:
            return [SendText(t.UNKNOWN_CODE.format(code=esc(code[:16])))]
        return await team_screen(ctx, collectivity, own=False)
    return await show_team(ctx)


@router.command("inviter", description="Inviter un·e collègue dans mon dossier")
async def invite_command(ctx: Context) -> Replies:
    return await invite(ctx)


@router.callback(TEAM)
async def team_pressed(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    action = parts[1] if len(parts) > 1 else ""
    if len(parts) > 3 or (len(parts) == 3 and action not in ("rm", "sw")):
        raise StaleButton(ctx.event.callback_data)
    if action == "":
        return await show_team(ctx)
    if action == "ask":
        ctx.end_flow()
        return await send_request(ctx)
    if action == "col":
        return await edit_field(ctx, "collectivity", DOSSIER_LINK)
    if action == "home":
        ctx.end_flow()
        return await show_menu(ctx)
    if action == "inv":
        return await invite(ctx)
    if action == "leave":
        return await ask_leave(ctx)
    if action == "rm" and len(parts) == 3:
        return await ask_remove(ctx, int_arg(parts[2]))
    if action == "sw" and len(parts) == 3:
        return await switch(ctx, int_arg(parts[2]))
    raise StaleButton(ctx.event.callback_data)


async def show_team(ctx: Context) -> Replies:
    access = await dossier_access(ctx)
    if access is None or not access.active:
        return await open_feature(ctx, DOSSIER_LINK)  # the dossier screen says what to do
    return await team_screen(ctx, access.collectivity, own=True)


async def team_screen(ctx: Context, collectivity: Collectivity, *, own: bool) -> Replies:
    """The members (removable by a colleague or staff), the requests waiting; for a member of
    the dossier (`own`), also the ways to invite, leave and switch dossier."""
    repo = memberships(ctx)
    lines = [t.TEAM_TITLE.format(**named(collectivity.name)), ""]
    rows = []
    for member in await repo.members(collectivity.id):
        since = member.membership.decided_at or member.membership.requested_at
        lines.append(
            t.TEAM_LINE.format(
                who=esc(signature(member.person)),
                since=frdates.day(since.date()),
            )
        )
        if member.person.id != ctx.person.id:
            label = t.REMOVE_BUTTON.format(who=shorten(member.person.profile_name or member.person.display_name, 40))
            rows.append([btn(label, f"{TEAM}:rm:{member.membership.id}")])
    waiting = [r for r in await repo.pending_requests(limit=50) if r.collectivity.id == collectivity.id]
    replies: Replies = []
    if waiting:
        lines += ["", t.TEAM_PENDING]
        lines += [
            t.TEAM_PENDING_LINE.format(who=esc(signature(r.person)), when=frdates.day(r.membership.requested_at.date()))
            for r in waiting
        ]
    if own:
        rows.insert(0, [btn(t.INVITE_BUTTON, f"{TEAM}:inv")])
        rows.append([btn(t.LEAVE_BUTTON, f"{TEAM}:leave")])
        for _membership, other in await repo.active_of_person(ctx.person.id):
            if other.id != collectivity.id:
                rows.append([switch_button(other)])
        rows.append([btn(t.OPEN_DOSSIER, f"{MENU}:{DOSSIER_LINK}")])
    if not any(row for row in rows):
        lines.append(t.TEAM_EMPTY)
    replies.append(SendText("\n".join(lines), rows))
    for request in waiting[:3]:  # decide from here too, without looking for the notice
        notice = t.TEAM_PENDING_LINE.format(
            who=esc(signature(request.person)), when=frdates.day(request.membership.requested_at.date())
        )
        replies.append(SendText(notice, [decide_row(request.membership.id)]))
    return replies


async def switch(ctx: Context, collectivity_id: int) -> Replies:
    if not await memberships(ctx).is_active_member(ctx.person.id, collectivity_id):
        raise StaleButton(str(collectivity_id))
    collectivity = await ctx.session.get(Collectivity, collectivity_id)
    assert collectivity is not None
    ctx.person.collectivity_id = collectivity_id
    forget(ctx)
    ctx.end_flow()
    return [SendText(t.SWITCHED.format(**named(collectivity.name))), *await open_feature(ctx, DOSSIER_LINK)]


# -- leaving and removing ------------------------------------------------------------------
async def ask_leave(ctx: Context) -> Replies:
    access = await dossier_access(ctx)
    if access is None or not access.active or access.membership is None:
        raise StaleButton(ctx.event.callback_data)
    ctx.start_flow(FLOW, Step.LEAVE, {"m": access.membership.id})
    return await confirm_end(ctx)


async def ask_remove(ctx: Context, membership_id: int) -> Replies:
    membership = await memberships(ctx).get(membership_id)
    if (
        membership is None
        or membership.person_id == ctx.person.id
        or not await may_manage(ctx, membership.collectivity_id)
    ):
        raise StaleButton(str(membership_id))
    if membership.status != MembershipStatus.ACTIVE:
        return [SendText(t.NOT_MEMBER_ANYMORE), *await _back_to_team(ctx, membership)]
    ctx.start_flow(FLOW, Step.REMOVE, {"m": membership.id})
    return await confirm_end(ctx)


async def confirm_end(ctx: Context) -> Replies:
    """The question of the leave or remove step (also shown again after an unexpected input)."""
    membership = await memberships(ctx).get(int(ctx.data.get("m", 0)))
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        ctx.end_flow()
        return [SendText(t.NOT_MEMBER_ANYMORE), *await show_menu(ctx)]
    collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
    names = named(collectivity.name if collectivity else "")
    tok = ctx.token
    if ctx.step == Step.LEAVE:
        text, yes = t.LEAVE_CONFIRM.format(**names), t.YES_LEAVE
    else:
        person = await ctx.session.get(Person, membership.person_id)
        text, yes = t.REMOVE_CONFIRM.format(who=esc(signature(person)), **names), t.YES_REMOVE
    return [SendText(text, column(btn(yes, f"{STEP}:{tok}:yes"), btn(t.NO_KEEP, f"{STEP}:{tok}:no")))]


async def end_confirmed(ctx: Context, yes: bool) -> Replies:
    repo = memberships(ctx)
    membership = await repo.get(int(ctx.data.get("m", 0)))
    leaving = ctx.step == Step.LEAVE
    ctx.end_flow()
    if not yes:
        return await _back_to_team(ctx, membership)
    if membership is None:
        raise StaleButton("membership")
    if not leaving and not await may_manage(ctx, membership.collectivity_id):
        raise StaleButton("membership")
    as_ = DecidedAs.SELF if leaving else (DecidedAs.STAFF if ctx.is_staff else DecidedAs.MEMBER)
    if not await repo.end(membership.id, by=ctx.person.telegram_id, as_=as_, now=ctx.now):
        return [SendText(t.NOT_MEMBER_ANYMORE), *await show_menu(ctx)]
    forget(ctx)
    collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
    names = named(collectivity.name if collectivity else "")
    ctx.audit.log(ctx.person.telegram_id, "membership_ended", f"membership:{membership.id}", left=leaving)
    person = ctx.person if leaving else await ctx.session.get(Person, membership.person_id)
    if person is not None:  # what was queued for them as a member of this dossier stays unsent
        await OutboxRepository(ctx.session).cancel_for_former_member(person.telegram_id, membership.collectivity_id)
    if leaving:
        return [SendText(t.LEFT.format(**names)), *await show_menu(ctx)]
    await _tell_removed(ctx, membership, person, names)
    return [
        SendText(t.REMOVED_DONE.format(who=esc(signature(person)), **names)),
        *await _back_to_team(ctx, membership),
    ]


async def _back_to_team(ctx: Context, membership: Membership | None) -> Replies:
    """The team again: one's own, or for staff the team of the collectivity they were managing."""
    if membership is not None and not await memberships(ctx).is_active_member(
        ctx.person.id, membership.collectivity_id
    ):
        collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
        if collectivity is not None and ctx.is_staff:
            return await team_screen(ctx, collectivity, own=False)
    return await show_team(ctx)


async def _tell_removed(ctx: Context, membership: Membership, person: Person | None, names: dict[str, str]) -> None:
    if person is None:
        return
    by = "" if ctx.is_staff else t.BY.format(who=esc(ctx.person.profile_name or ctx.person.display_name))
    await OutboxRepository(ctx.session).schedule(
        person.telegram_id,
        t.REMOVED_NOTICE.format(**names, by=by),
        kind="membership",
        send_after=ctx.now,
        buttons=encode([[btn(t.MAIN_MENU, f"{TEAM}:home")]]),
        dedupe_key=f"mend:{membership.id}",
        about=None if ctx.is_staff else ctx.person.telegram_id,  # the text names the member who decided
    )
