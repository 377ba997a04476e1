"""/mesinscriptions: see one's webinar registrations, get the invitation, cancel, change date.

Flow `mesinscriptions`: step `list`, `cancel` (confirmation, registration `r`) and `change`
(other dates for registration `r`). Buttons carry the step token and a registration id that
is always checked to belong to the person pressing it.
"""

from __future__ import annotations

from handlers.core import frdates
from handlers.core.context import Context
from handlers.core.events import Button, SendDocument, SendText
from handlers.core.router import Replies
from handlers.core.texts import MAIN_MENU_BUTTON, TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, column, int_arg, split_data, step_button
from handlers.home.menu import menu_keyboard
from handlers.home.router import MENU
from handlers.webinar import texts as t
from handlers.webinar.ics import invitation_filename, session_cancellation, session_invitation
from handlers.webinar.reminders import join_line
from handlers.webinar.router import INVITATION, MINE, MINE_ACTION, MineStep, router
from handlers.webinar.router import MINE_FLOW as FLOW
from handlers.webinar.service import catalogue, is_full, move, withdraw
from storage.models.webinar import RegistrationStatus, WebinarRegistration
from storage.repositories import WebinarRepository


async def _upcoming(ctx: Context) -> list[WebinarRegistration]:
    cat = catalogue(ctx)
    registrations = await WebinarRepository(ctx.session).for_person(ctx.person.id)
    kept = []
    for registration in registrations:
        session = cat.get(registration.session_id)
        if session is None or session.end > ctx.now:
            kept.append(registration)
    return kept


async def _owned(ctx: Context, raw_id: str) -> WebinarRegistration:
    registration = await WebinarRepository(ctx.session).get(int_arg(raw_id))
    if registration is None or registration.person_id != ctx.person.id or not registration.active:
        raise StaleButton(raw_id)
    return registration


@router.menu_entry()
async def registration_offer(ctx: Context) -> list[Button]:
    """« 🗂 Mon webinaire : jeudi 8 avril » in the menu while a registration is to come: to find it
    again, get the invitation, move or cancel it, without remembering /mesinscriptions."""
    cat = catalogue(ctx)
    upcoming = [r for r in await _upcoming(ctx) if cat.get(r.session_id) is not None]  # not a session gone
    if not upcoming:
        return []
    if len(upcoming) > 1:
        return [btn(t.MENU_MINE_SEVERAL, MINE)]
    registration, session = upcoming[0], cat.get(upcoming[0].session_id)
    assert session is not None
    day = frdates.day(session.start.astimezone(cat.zone).date(), year=False)
    label = t.MENU_MINE_WAITING if registration.status == RegistrationStatus.WAITING else t.MENU_MINE
    return [btn(label.format(day=day), MINE)]


@router.command("mesinscriptions", description="Mes inscriptions au webinaire")
async def my_registrations(ctx: Context) -> Replies:
    ctx.start_flow(FLOW, MineStep.LIST)
    return await show_list(ctx)


@router.callback(MINE)
async def my_registrations_button(ctx: Context) -> Replies:
    return await my_registrations(ctx)


async def show_list(ctx: Context) -> Replies:
    cat = catalogue(ctx)
    registrations = await _upcoming(ctx)
    if not registrations:
        ctx.end_flow()
        return [SendText(t.MINE_EMPTY, column(btn("🖥 S'inscrire au webinaire", "menu:webinaire")))]
    if ctx.step != MineStep.LIST:
        ctx.goto(MineStep.LIST)
    lines, buttons = [t.MINE_TITLE], []
    several = len(registrations) > 1
    for registration in registrations:
        session = cat.get(registration.session_id)
        if session is None:
            lines.append(t.MINE_REMOVED)
            buttons.append(btn("❌ Retirer la séance supprimée", f"{MINE_ACTION}:{ctx.token}:cancel:{registration.id}"))
            continue
        when = session.when(cat.zone, ctx.now) + (f" ({t.PROVISIONAL})" if session.provisional else "")
        suffix = (
            f" ({session.start.astimezone(cat.zone).day}/{session.start.astimezone(cat.zone).month})" if several else ""
        )
        if registration.status == RegistrationStatus.WAITING:
            position = await WebinarRepository(ctx.session).waiting_position(registration)
            lines.append(t.MINE_WAITING.format(when=when, position=position))
        else:
            lines.append(t.MINE_REGISTERED.format(when=when))
            lines.append(f"  {join_line(session)}")  # « où est le lien ? »: here, for a seated person only
            buttons.append(btn(f"📅 Invitation agenda{suffix}", f"{MINE_ACTION}:{ctx.token}:ics:{registration.id}"))
            buttons.append(btn(f"🔁 Changer de date{suffix}", f"{MINE_ACTION}:{ctx.token}:change:{registration.id}"))
        label = "❌ Quitter la liste d'attente" if registration.status == RegistrationStatus.WAITING else "❌ Annuler"
        buttons.append(btn(f"{label}{suffix}", f"{MINE_ACTION}:{ctx.token}:cancel:{registration.id}"))
    buttons.append(btn(MAIN_MENU_BUTTON, f"{MENU}:menu"))  # every screen has a way out
    return [SendText("\n".join(lines), column(*buttons))]


@router.step(FLOW)
async def registrations_typed(ctx: Context) -> Replies:
    return [SendText(TAP_A_BUTTON), *await current_screen(ctx)]


@router.prompt(FLOW)
async def current_screen(ctx: Context) -> Replies:
    """The screen on display: « Annuler votre inscription ? » while it is asked, else the list (typed
    « oui » there is its « Oui, annuler »)."""
    if ctx.step == MineStep.CANCEL:
        registration = await WebinarRepository(ctx.session).get(int(ctx.data.get("r", 0)))
        if registration is not None and registration.active and registration.person_id == ctx.person.id:
            return _ask_cancel(ctx, registration)
    return await show_list(ctx)


def _ask_cancel(ctx: Context, registration: WebinarRegistration) -> Replies:
    cat = catalogue(ctx)
    session = cat.get(registration.session_id)
    when = session.when(cat.zone, ctx.now) if session else "séance retirée"
    keyboard = column(
        btn("Oui, annuler", f"{MINE_ACTION}:{ctx.token}:yes:{registration.id}"),
        btn("Non, la garder", f"{MINE_ACTION}:{ctx.token}:no:{registration.id}"),
    )
    return [SendText(t.CANCEL_QUESTION.format(when=when), keyboard)]


@router.callback(MINE_ACTION)
async def registration_pressed(ctx: Context) -> Replies:
    parts = step_button(ctx, FLOW, parts=range(4, 6))
    action = parts[2]
    registration = await _owned(ctx, parts[3])
    cat = catalogue(ctx)
    session = cat.get(registration.session_id)
    if action == "ics" and session is not None and registration.status == RegistrationStatus.REGISTERED:
        return [_invitation(ctx, registration)]
    if action == "cancel" and ctx.step == MineStep.LIST:
        ctx.goto(MineStep.CANCEL, r=registration.id)
        return _ask_cancel(ctx, registration)
    if action in ("yes", "no") and ctx.step == MineStep.CANCEL and ctx.data.get("r") == registration.id:
        ctx.end_flow()
        if action == "no":
            return [SendText(t.KEPT, menu_keyboard())]
        out_of_the_calendar = _cancellation(ctx, registration)  # before withdraw changes its status
        await withdraw(ctx, registration)
        return [SendText(t.CANCELLED, menu_keyboard()), *out_of_the_calendar]
    if action == "change" and ctx.step == MineStep.LIST and session is not None:
        return await _ask_change(ctx, registration)
    if action == "to" and ctx.step == MineStep.CHANGE and len(parts) == 5 and ctx.data.get("r") == registration.id:
        target = cat.get(parts[4])
        if target is None or target.id == registration.session_id:
            raise StaleButton(parts[4])
        return await _change(ctx, registration, target)
    raise StaleButton(ctx.event.callback_data)


async def _ask_change(ctx: Context, registration: WebinarRegistration) -> Replies:
    cat = catalogue(ctx)
    mine = {r.session_id for r in await WebinarRepository(ctx.session).for_person(ctx.person.id)}
    others = [s for s in cat.open_sessions(ctx.now) if s.id not in mine]
    if not others:
        return [SendText(t.NO_OTHER_DATE), *await show_list(ctx)]
    ctx.goto(MineStep.CHANGE, r=registration.id)
    counts = await WebinarRepository(ctx.session).counts()

    def label(s) -> str:
        return (s.when(cat.zone, ctx.now) + (" · complet" if is_full(s, counts) else ""))[:60]

    buttons = [btn(label(s), f"{MINE_ACTION}:{ctx.token}:to:{registration.id}:{s.id}") for s in others]
    buttons.append(btn(t.MY_REGISTRATIONS, MINE))  # the way back
    return [SendText(t.CHANGE_QUESTION, column(*buttons))]


async def _change(ctx: Context, registration: WebinarRegistration, target) -> Replies:
    cat = catalogue(ctx)
    when = target.when(cat.zone, ctx.now)
    if not target.is_open(ctx.now):
        ctx.goto(MineStep.LIST)
        return [SendText(t.CLOSED.format(when=when)), *await show_list(ctx)]
    previous = _cancellation(ctx, registration)  # worked out before the move changes the registration
    enrolment = await move(ctx, registration, target)
    ctx.end_flow()
    if enrolment is None:
        return [SendText(t.CHANGE_FULL.format(when=when), menu_keyboard())]
    return [
        SendText(t.CHANGED.format(when=when), column(btn(t.MY_REGISTRATIONS, MINE))),
        *previous,
        _invitation(ctx, enrolment.registration),
    ]


def _cancellation(ctx: Context, registration: WebinarRegistration) -> list[SendDocument]:
    """The calendar file that takes the old date out of the person's calendar (if it was in it)."""
    session = catalogue(ctx).get(registration.session_id)
    if session is None or registration.status != RegistrationStatus.REGISTERED:
        return []  # no invitation was sent for a waiting-list place
    content = session_cancellation(session, uid=f"webinaire-{registration.id}@arobase", now=ctx.now)
    return [SendDocument(f"annulation-{invitation_filename(session)}", content, t.CALENDAR_CANCEL, "text/calendar")]


def _invitation(ctx: Context, registration: WebinarRegistration) -> SendDocument:
    session = catalogue(ctx).get(registration.session_id)
    assert session is not None
    content = session_invitation(session, uid=f"webinaire-{registration.id}@arobase", now=ctx.now)
    return SendDocument(invitation_filename(session), content, "Invitation à ajouter à votre agenda", "text/calendar")


@router.callback(INVITATION)
async def invitation_button(ctx: Context) -> Replies:
    """The calendar button of a reminder or a promotion message (no flow: ownership only)."""
    _, raw_id = split_data(ctx.event.callback_data, 2)
    registration = await _owned(ctx, raw_id)
    if registration.status != RegistrationStatus.REGISTERED or catalogue(ctx).get(registration.session_id) is None:
        raise StaleButton(raw_id)
    return [_invitation(ctx, registration)]
