"""Webinar registration: upcoming sessions → missing profile questions → summary → confirm.

Entry points: the menu button and `/start webinaire` (deep link `webinaire`). A known user
registers in two taps (the date, then « Confirmer »); with a single open session the date
is chosen for them. The confirmation brings the join link and an .ics invitation.
Flow `webinaire`: step `pick` (dates shown), step `confirm` (summary of session `s`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from handlers.content.sessions import WebinarCatalogue, WebinarSession
from handlers.core import french
from handlers.core.context import Context
from handlers.core.events import SendDocument, SendText
from handlers.core.router import Replies
from handlers.core.texts import MAIN_MENU_BUTTON, TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, column, esc, step_button
from handlers.home.menu import menu_keyboard
from handlers.home.router import MENU
from handlers.profile.commands import ALL_FIELDS, edit_profile, missing_fields, start_profile
from handlers.profile.fields import summary as profile_summary
from handlers.webinar import texts as t
from handlers.webinar.ics import invitation_filename, session_invitation
from handlers.webinar.reminders import join_line, join_rows
from handlers.webinar.router import DEEPLINK, FLOW, MINE, REGISTER, Step, router
from handlers.webinar.service import Enrolment, catalogue, enrol, is_full
from storage.models.webinar import RegistrationStatus, WebinarRegistration
from storage.repositories import CollectivityRepository, WebinarRepository
from storage.repositories.webinar import AlreadyRegistered


@router.deeplink(DEEPLINK)
@router.command("webinaire", description="S'inscrire au webinaire d'information")
async def open_webinar(ctx: Context) -> Replies:
    sessions = catalogue(ctx).open_sessions(ctx.now)
    if not sessions:
        ctx.end_flow()
        return [SendText(t.NO_SESSION, menu_keyboard())]
    if len(sessions) == 1 and not missing_fields(ctx.person, ALL_FIELDS):
        return await choose(ctx, sessions[0])  # a known person: the summary, date included, in one tap
    ctx.start_flow(FLOW, Step.PICK)  # the dates first, before any personal question
    return await ask_session(ctx)


async def ask_session(ctx: Context) -> Replies:
    cat = catalogue(ctx)
    counts = await WebinarRepository(ctx.session).counts()
    buttons = []
    for session in cat.open_sessions(ctx.now):
        label = session.when(cat.zone, ctx.now) + (" · complet" if is_full(session, counts) else "")
        label += f" · {t.PROVISIONAL}" if session.provisional else ""
        buttons.append(btn(label[:60], f"{REGISTER}:{ctx.token}:s:{session.id}"))
    if not buttons:
        ctx.end_flow()
        return [SendText(t.NO_SESSION, menu_keyboard())]
    return [SendText(t.CHOOSE, column(*buttons, _way_out()))]


async def choose(ctx: Context, session: WebinarSession) -> Replies:
    """A date is chosen: refuse a second registration, ask what the profile lacks, or summarise."""
    existing = await WebinarRepository(ctx.session).active_for(session.id, ctx.person.id)
    if existing is not None:
        ctx.end_flow()
        return [await _already(ctx, existing, session)]
    elsewhere = await _registered_elsewhere(ctx, session)
    if elsewhere is not None:  # one information webinar a person: another date is a change of date
        ctx.end_flow()
        when = elsewhere.when(catalogue(ctx).zone, ctx.now)
        return [SendText(t.ALREADY_OTHER_DATE.format(when=when), column(btn(t.MY_REGISTRATIONS, MINE)))]
    if missing_fields(ctx.person, ALL_FIELDS):
        return await start_profile(
            ctx, FLOW, ALL_FIELDS, resume={"s": session.id}, confirm=False, intro=t.PROFILE_INTRO
        )
    ctx.start_flow(FLOW, Step.CONFIRM, {"s": session.id})
    return await show_summary(ctx, session)


@router.resume(FLOW, left=t.REGISTRATION_PENDING)
async def resume_after_profile(ctx: Context, resume: dict[str, Any]) -> Replies:
    session = catalogue(ctx).get(str(resume.get("s", "")))
    if session is None or not session.is_open(ctx.now):
        return [SendText(t.GONE), *await open_webinar(ctx)]
    return await choose(ctx, session)


async def show_summary(ctx: Context, session: WebinarSession) -> Replies:
    cat = catalogue(ctx)
    person = ctx.person
    collectivity = (
        await CollectivityRepository(ctx.session).get(person.collectivity_id) if person.collectivity_id else None
    )
    full = is_full(session, await WebinarRepository(ctx.session).counts())
    lines = [f"<b>{esc(session.title)}</b>", f"📅 {session.when(cat.zone, ctx.now)} (heure de Paris)"]
    if session.provisional:
        lines.append(t.PROVISIONAL_NOTE)
    if session.speakers:
        lines.append("🎙 Avec " + esc(french.enumeration(session.speakers)))
    lines += ["", profile_summary(person, collectivity, title="<b>Vous</b>"), ""]
    if full:
        lines += [t.FULL_NOTICE, ""]
    lines.append(t.CONFIRM_QUESTION)
    buttons = [
        btn(t.CONFIRM_WAITING if full else t.CONFIRM, f"{REGISTER}:{ctx.token}:ok"),
        btn(t.EDIT_PROFILE, f"{REGISTER}:{ctx.token}:edit"),
    ]
    if len(cat.open_sessions(ctx.now)) > 1:
        buttons.append(btn(t.OTHER_DATE, f"{REGISTER}:{ctx.token}:other"))
    return [SendText("\n".join(lines), column(*buttons, _way_out()))]


def _way_out():
    """Leave the registration for the menu (nothing was stored yet)."""
    return btn(MAIN_MENU_BUTTON, f"{MENU}:menu")


@router.prompt(FLOW)
async def prompt(ctx: Context) -> Replies:
    if ctx.step == Step.CONFIRM:
        session = catalogue(ctx).get(ctx.data.get("s", ""))
        if session is not None and session.is_open(ctx.now):
            return await show_summary(ctx, session)
    ctx.goto(Step.PICK)
    return await ask_session(ctx)


@router.step(FLOW)
async def webinar_typed(ctx: Context) -> Replies:
    return [SendText(TAP_A_BUTTON), *await prompt(ctx)]


@router.callback(REGISTER)
async def webinar_pressed(ctx: Context) -> Replies:
    parts = step_button(ctx, FLOW, parts=range(3, 5))
    action = parts[2]
    cat = catalogue(ctx)
    if action == "s" and len(parts) == 4 and ctx.step == Step.PICK:
        session = cat.get(parts[3])
        if session is None:  # removed from the data file since the list was shown
            raise StaleButton(parts[3])
        if not session.is_open(ctx.now):
            return [SendText(t.CLOSED.format(when=session.when(cat.zone, ctx.now))), *await ask_session(ctx)]
        return await choose(ctx, session)
    if ctx.step != Step.CONFIRM or len(parts) != 3:
        raise StaleButton(ctx.event.callback_data)
    session = cat.get(ctx.data.get("s", ""))
    if session is None:
        raise StaleButton(ctx.event.callback_data)
    if action == "other":
        ctx.goto(Step.PICK)
        return await ask_session(ctx)
    if action == "edit":
        return await edit_profile(ctx, FLOW, resume={"s": session.id})
    if action == "ok":
        return await confirm(ctx, session)
    raise StaleButton(ctx.event.callback_data)


async def confirm(ctx: Context, session: WebinarSession) -> Replies:
    cat = catalogue(ctx)
    when = session.when(cat.zone, ctx.now)
    if not session.is_open(ctx.now):  # closed while the person was reading the summary
        others = [s for s in cat.open_sessions(ctx.now) if s.id != session.id]
        if not others:
            ctx.end_flow()
            return [SendText(t.CLOSED.format(when=when), menu_keyboard())]
        ctx.goto(Step.PICK)
        return [SendText(t.CLOSED.format(when=when)), *await ask_session(ctx)]
    if missing_fields(ctx.person, ALL_FIELDS):  # erased or changed meanwhile
        return await choose(ctx, session)
    seemed_free = not is_full(session, await WebinarRepository(ctx.session).counts())
    try:
        enrolment = await enrol(ctx, session)
    except AlreadyRegistered as exc:
        ctx.end_flow()
        return [await _already(ctx, exc.registration, session)]
    ctx.end_flow()
    return confirmation(ctx, enrolment, race_lost=seemed_free and not enrolment.registered)


def upcoming_offsets(session: WebinarSession, catalogue: WebinarCatalogue, now: datetime) -> tuple[int, ...]:
    """The reminders that will still go out (the day-before one is gone for a registration the same day)."""
    return tuple(m for m in catalogue.reminder_offsets if session.start - timedelta(minutes=m) > now)


def confirmation(ctx: Context, enrolment: Enrolment, *, race_lost: bool = False) -> Replies:
    cat = catalogue(ctx)
    session, registration = enrolment.session, enrolment.registration
    when = session.when(cat.zone, ctx.now)
    if not enrolment.registered:
        text = t.WAITING.format(when=when, position=enrolment.position)
        return [SendText((t.RACE_LOST + "\n" if race_lost else "") + text, column(btn(t.MY_REGISTRATIONS, MINE)))]
    text = t.REGISTERED.format(
        when=when, join=join_line(session), reminders=t.reminders_phrase(upcoming_offsets(session, cat, ctx.now))
    )
    if session.provisional:
        text += "\n\n" + t.PROVISIONAL_NOTE
    invitation = session_invitation(session, uid=f"webinaire-{registration.id}@arobase", now=ctx.now)
    return [
        SendText(text, [*join_rows(session), [btn(t.MY_REGISTRATIONS, MINE)]]),
        SendDocument(invitation_filename(session), invitation, "Invitation à ajouter à votre agenda", "text/calendar"),
    ]


async def _registered_elsewhere(ctx: Context, session: WebinarSession) -> WebinarSession | None:
    """Another session still ahead where the person has a seat (on a waiting list elsewhere, they
    may still take a seat here)."""
    cat = catalogue(ctx)
    for registration in await WebinarRepository(ctx.session).for_person(ctx.person.id):
        other = cat.get(registration.session_id)
        seated = registration.status == RegistrationStatus.REGISTERED
        if seated and other is not None and other.id != session.id and other.end > ctx.now:
            return other
    return None


async def _already(ctx: Context, registration: WebinarRegistration, session: WebinarSession) -> SendText:
    when = session.when(catalogue(ctx).zone, ctx.now)
    if registration.status == RegistrationStatus.WAITING:
        position = await WebinarRepository(ctx.session).waiting_position(registration)
        return SendText(t.ALREADY_WAITING.format(when=when, position=position), column(btn(t.MY_REGISTRATIONS, MINE)))
    return SendText(t.ALREADY.format(when=when), column(btn(t.MY_REGISTRATIONS, MINE)))
