"""Asking to join a collectivity's dossier, and deciding on the request.

The first person of a collectivity asks staff; when the collectivity already has members, the
request goes to them and to staff. Each decider gets a notice through the outbox with
« Accepter » / « Refuser »; the first answer wins (an optimistic transition), the others
learn who handled it. The person is told through the outbox too; once accepted, the private
drafts they prepared while waiting join the dossier.
"""

from __future__ import annotations

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.events import AnswerCallback, Button, SendText
from handlers.core.french import named, of
from handlers.core.keyboards import encode
from handlers.core.notices import staff_chat_ids
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, column, esc, int_arg, shorten, split_data
from handlers.home.menu import menu_keyboard, open_feature
from handlers.home.router import MENU
from handlers.membership import texts as t
from handlers.membership.access import dossier_access, forget, may_manage, memberships
from handlers.membership.router import DECIDE, DOSSIER_LINK, FLOW, STEP, TEAM, Step, router
from handlers.profile.fields import collectivity_label, signature
from handlers.questions.chat import write_button
from storage.models import Collectivity, DecidedAs, Membership, MembershipStatus, Person
from storage.repositories import OutboxRepository, PeopleRepository
from storage.repositories.sheets import SheetsRepository

REASON_MAX = 300


def switch_button(collectivity: Collectivity) -> Button:
    """« 🔁 Dossier de Saint-Jean »: work on another dossier one is a member of."""
    return btn(t.SWITCH_BUTTON.format(of_name=of(shorten(collectivity.name, 40))), f"{TEAM}:sw:{collectivity.id}")


async def need_access_screen(ctx: Context, collectivity: Collectivity, has_members: bool) -> Replies:
    """Ask for access to the collectivity's dossier; someone who is a member of another dossier
    (they changed the collectivity of their profile) also gets the way back to it."""
    names = named(collectivity.name)
    detail = t.HAS_MEMBERS.format(**names) if has_members else t.FIRST_PERSON
    buttons = [btn(t.ASK_BUTTON, f"{TEAM}:ask"), btn(t.NOT_MINE_BUTTON, f"{TEAM}:col")]
    elsewhere = [other for _membership, other in await memberships(ctx).active_of_person(ctx.person.id)]
    buttons += [switch_button(other) for other in elsewhere]
    buttons.append(btn(t.MAIN_MENU, f"{TEAM}:home"))
    return [SendText(f"{t.NEED_ACCESS.format(**names)}\n\n{detail}", column(*buttons))]


def waiting_phrase(collectivity: Collectivity, has_members: bool) -> str:
    return t.WAITING_MEMBERS.format(**named(collectivity.name)) if has_members else t.WAITING_STAFF


async def send_request(ctx: Context) -> Replies:
    """« Demander l'accès »: one request (a second tap finds the first), deciders told."""
    access = await dossier_access(ctx)
    if access is None:
        return await open_feature(ctx, DOSSIER_LINK)
    if access.active:
        return await open_feature(ctx, DOSSIER_LINK)
    collectivity = access.collectivity
    membership, created = await memberships(ctx).request(ctx.person.id, collectivity.id, ctx.now)
    forget(ctx)
    if created:
        await _notify_deciders(ctx, membership, collectivity, access.has_members)
        ctx.audit.log(ctx.person.telegram_id, "membership_requested", f"collectivity:{collectivity.id}")
    sent = t.REQUEST_SENT.format(**named(collectivity.name), to=t.TO_MEMBERS if access.has_members else t.TO_STAFF)
    return [SendText(f"{sent}\n{t.MEANWHILE}"), *await open_feature(ctx, DOSSIER_LINK)]


def request_notice(person: Person, collectivity: Collectivity, membership: Membership) -> str:
    return t.REQUEST_NOTICE.format(
        **named(collectivity.name, "collectivity"),
        who=esc(signature(person)),
        place=esc(collectivity_label(collectivity)),
        when=frdates.day(membership.requested_at.date()),
    )


def decide_row(membership_id: int) -> list[Button]:
    return [btn(t.ACCEPT, f"{DECIDE}:a:{membership_id}"), btn(t.REFUSE, f"{DECIDE}:r:{membership_id}")]


async def _notify_deciders(ctx: Context, membership: Membership, collectivity: Collectivity, has_members: bool) -> int:
    staff = set(await staff_chat_ids(ctx))
    members = (
        set(await memberships(ctx).member_telegram_ids(collectivity.id, reachable_only=True)) if has_members else set()
    )
    deciders = (staff | members) - {ctx.person.telegram_id}
    outbox = OutboxRepository(ctx.session)
    text = request_notice(ctx.person, collectivity, membership)
    for chat_id in sorted(deciders):
        await outbox.schedule(
            chat_id,
            text,
            kind="membership",
            send_after=ctx.now,
            buttons=encode([decide_row(membership.id)]),
            dedupe_key=f"mreq:{membership.id}:{chat_id}",
            about=ctx.person.telegram_id,
            member_of=None if chat_id in staff else collectivity.id,
        )
    return len(deciders)


# -- deciding ---------------------------------------------------------------------------
@router.callback(DECIDE)
async def decide_pressed(ctx: Context) -> Replies:
    _, action, raw_id = split_data(ctx.event.callback_data, 3)
    if action not in ("a", "r"):
        raise StaleButton(ctx.event.callback_data)
    membership = await memberships(ctx).get(int_arg(raw_id))
    if membership is None or not await may_manage(ctx, membership.collectivity_id):
        ctx.audit.log(ctx.person.telegram_id, "membership_decision_denied", ctx.event.callback_data[:64])
        raise StaleButton(ctx.event.callback_data)
    if membership.status != MembershipStatus.REQUESTED:
        return await already_decided(ctx, membership)
    person = await ctx.session.get(Person, membership.person_id)
    if action == "a":  # a tap gives access to every sheet of the dossier: asked once more
        ctx.start_flow(FLOW, Step.ACCEPT, {"m": membership.id})
        collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
        return ask_accept(ctx, person, collectivity)
    ctx.start_flow(FLOW, Step.REFUSE_REASON, {"m": membership.id})
    return ask_reason(ctx, person)


def ask_accept(ctx: Context, person: Person | None, collectivity: Collectivity | None) -> Replies:
    text = t.ACCEPT_CONFIRM.format(who=esc(signature(person)), **named(collectivity.name if collectivity else ""))
    rows = [[btn(t.YES_ACCEPT, f"{STEP}:{ctx.token}:give")], [btn(t.NOT_NOW, f"{STEP}:{ctx.token}:keep")]]
    return [SendText(text, rows)]


def ask_reason(ctx: Context, person: Person | None) -> Replies:
    rows = [[btn(label[:1].upper() + label[1:], f"{STEP}:{ctx.token}:why:{code}")] for code, label in t.REASONS.items()]
    rows.append([btn(t.NO_REASON, f"{STEP}:{ctx.token}:why:-")])
    rows.append([btn(t.KEEP_WAITING, f"{STEP}:{ctx.token}:keep")])  # a mis-tap on « Refuser » undone
    return [SendText(t.ASK_REASON.format(who=esc(signature(person))), rows)]


async def already_decided(ctx: Context, membership: Membership) -> Replies:
    names = await PeopleRepository(ctx.session).get(membership.decided_by) if membership.decided_by else None
    by = t.BY.format(who=esc(names.profile_name or names.display_name)) if names is not None else ""
    text = t.ALREADY_DECIDED.format(outcome=t.OUTCOMES.get(membership.status, membership.status), by=by)
    return [AnswerCallback(text[:190]), SendText(text)]


def _decided_as(ctx: Context) -> DecidedAs:
    return DecidedAs.STAFF if ctx.is_staff else DecidedAs.MEMBER


async def accept(ctx: Context, membership: Membership) -> Replies:
    repo = memberships(ctx)
    by, as_ = ctx.person.telegram_id, _decided_as(ctx)
    if not await repo.decide(membership.id, accept=True, by=by, as_=as_, now=ctx.now):
        await ctx.session.refresh(membership)
        return await already_decided(ctx, membership)
    person = await ctx.session.get(Person, membership.person_id)
    collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
    assert person is not None and collectivity is not None  # rows referenced by a live membership
    await SheetsRepository(ctx.session).share_private_drafts(collectivity.id, person.telegram_id)
    decider = "" if ctx.is_staff else t.BY.format(who=esc(ctx.person.profile_name or ctx.person.display_name))
    await OutboxRepository(ctx.session).schedule(
        person.telegram_id,
        t.ACCEPTED_NOTICE.format(**named(collectivity.name), by=decider),
        kind="membership",
        send_after=ctx.now,
        buttons=encode([[btn(t.OPEN_DOSSIER, f"{MENU}:{DOSSIER_LINK}")]]),
        dedupe_key=f"mdec:{membership.id}",
        about=None if ctx.is_staff else ctx.person.telegram_id,  # the text names the member who decided
    )
    ctx.audit.log(by, "membership_accepted", f"membership:{membership.id}", collectivity=collectivity.id)
    who = esc(signature(person))
    return [AnswerCallback(t.ACCEPT), SendText(t.DECIDED_ACCEPT.format(who=who, **named(collectivity.name)))]


async def refuse(ctx: Context, membership_id: int, reason: str) -> Replies:
    repo = memberships(ctx)
    membership = await repo.get(membership_id)
    ctx.end_flow()
    if membership is None or not await may_manage(ctx, membership.collectivity_id):
        return [SendText(t.NOT_MEMBER_ANYMORE), *await ctx.dispatcher.menu(ctx)]
    by, as_ = ctx.person.telegram_id, _decided_as(ctx)
    if not await repo.decide(membership.id, accept=False, by=by, as_=as_, now=ctx.now, reason=reason):
        await ctx.session.refresh(membership)
        return await already_decided(ctx, membership)
    person = await ctx.session.get(Person, membership.person_id)
    collectivity = await ctx.session.get(Collectivity, membership.collectivity_id)
    assert person is not None and collectivity is not None
    shown = f" ({esc(t.REASONS_TO_THEM.get(reason, reason))})" if reason else ""
    await OutboxRepository(ctx.session).schedule(
        person.telegram_id,
        t.REFUSED_NOTICE.format(**named(collectivity.name), reason=shown),
        buttons=encode([[write_button()]]),  # /ecrire: the person reaches the team
        kind="membership",
        send_after=ctx.now,
        dedupe_key=f"mdec:{membership.id}",
    )
    ctx.audit.log(by, "membership_refused", f"membership:{membership.id}", reason=reason[:100])
    return [SendText(t.DECIDED_REFUSE.format(who=esc(signature(person))), menu_keyboard())]


# -- the staff queue ---------------------------------------------------------------------
@router.command("demandes", description="Demandes d'accès aux dossiers", staff=True)
async def requests_command(ctx: Context) -> Replies:
    repo = memberships(ctx)
    pending = await repo.pending_requests(limit=10)
    if not pending:
        return [SendText(t.QUEUE_EMPTY)]
    replies: Replies = [SendText(t.QUEUE_TITLE.format(count=await repo.count_pending()))]
    for item in pending:
        text = t.QUEUE_LINE.format(
            who=esc(signature(item.person)),
            place=esc(collectivity_label(item.collectivity)),
            when=frdates.day(item.membership.requested_at.date()),
        )
        replies.append(SendText(text, [decide_row(item.membership.id)]))
    return replies
