"""The membership flow's steps: the confirmation to give access, the reason of a refusal, the
confirmation to leave or remove."""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import Kind, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, esc, step_button
from handlers.membership import texts as t
from handlers.membership.access import may_manage, memberships
from handlers.membership.invitations import join_answered, join_asked
from handlers.membership.requests import REASON_MAX, accept, already_decided, ask_accept, ask_reason, refuse
from handlers.membership.router import FLOW, STEP, Step, router
from handlers.membership.team import confirm_end, end_confirmed
from handlers.profile.fields import signature
from storage.models import Collectivity, MembershipStatus, Person


@router.guard(FLOW)
async def may_still_decide(ctx: Context) -> str | None:
    """Deciding a request or removing a member: only while one may still manage that dossier
    (staff, or its active member); the request's or the member's details are shown to no one else."""
    if ctx.step not in (Step.ACCEPT, Step.REFUSE_REASON, Step.REMOVE):
        return None
    membership = await memberships(ctx).get(int(ctx.data.get("m", 0)))
    if membership is None or await may_manage(ctx, membership.collectivity_id):
        return None  # a vanished request: the step's own question says so
    return t.NO_LONGER_MANAGING


@router.prompt(FLOW)
async def membership_prompt(ctx: Context) -> Replies:
    if ctx.step in (Step.ACCEPT, Step.REFUSE_REASON):
        membership = await memberships(ctx).get(int(ctx.data.get("m", 0)))
        if membership is not None and membership.status == MembershipStatus.REQUESTED:
            person = await ctx.session.get(Person, membership.person_id)
            if ctx.step == Step.ACCEPT:
                return ask_accept(ctx, person, await ctx.session.get(Collectivity, membership.collectivity_id))
            return ask_reason(ctx, person)
        ctx.end_flow()
        return await ctx.dispatcher.menu(ctx)
    if ctx.step == Step.JOIN:
        return await join_asked(ctx)
    return await confirm_end(ctx)


@router.step(FLOW, Step.REFUSE_REASON)
async def reason_typed(ctx: Context) -> Replies:
    if ctx.event.kind is not Kind.TEXT or not ctx.event.text.strip():
        return [SendText("J'attends le motif, écrit en une phrase, ou un bouton."), *await membership_prompt(ctx)]
    reason = " ".join(ctx.event.text.split())
    if len(reason) > REASON_MAX:
        return [SendText(t.REASON_TOO_LONG.format(length=len(reason), limit=REASON_MAX))]
    return await refuse(ctx, int(ctx.data.get("m", 0)), reason)


@router.callback(STEP)
async def membership_step_pressed(ctx: Context) -> Replies:
    parts = step_button(ctx, FLOW, parts=range(3, 5))
    action, value = parts[2], parts[3] if len(parts) == 4 else ""
    if action == "why" and ctx.step == Step.REFUSE_REASON and (value in t.REASONS or value == "-"):
        return await refuse(ctx, int(ctx.data.get("m", 0)), t.REASONS.get(value, ""))
    if action in ("join", "stay") and ctx.step == Step.JOIN:
        return await join_answered(ctx, action == "join")
    if action in ("yes", "no") and ctx.step in (Step.REMOVE, Step.LEAVE):
        return await end_confirmed(ctx, action == "yes")
    if action == "give" and ctx.step == Step.ACCEPT:
        membership = await memberships(ctx).get(int(ctx.data.get("m", 0)))
        ctx.end_flow()
        if membership is None:
            return [SendText(t.REQUEST_GONE), *await ctx.dispatcher.menu(ctx)]
        if membership.status != MembershipStatus.REQUESTED:
            return await already_decided(ctx, membership)
        return await accept(ctx, membership)
    if action == "keep" and ctx.step in (Step.ACCEPT, Step.REFUSE_REASON):
        membership = await memberships(ctx).get(int(ctx.data.get("m", 0)))
        ctx.end_flow()
        if membership is None:  # the requester erased their data meanwhile
            return [SendText(t.REQUEST_GONE), *await ctx.dispatcher.menu(ctx)]
        if membership.status != MembershipStatus.REQUESTED:  # a colleague decided meanwhile
            return await already_decided(ctx, membership)
        person = await ctx.session.get(Person, membership.person_id)
        kept = SendText(t.STILL_WAITING.format(who=esc(signature(person))))
        return [kept, *await ctx.dispatcher.menu(ctx)]
    raise StaleButton(ctx.event.callback_data)
