"""/diffusion (staff): write a message, see it exactly as recipients will, choose the audience,
see the count, confirm. The job then runs in the background (bot.workers.outbox) and the
confirmation message becomes its progress message (handlers.broadcast.control).
"""

from __future__ import annotations

from handlers.broadcast import texts as t
from handlers.broadcast.html_check import html_problems, with_plain_characters_escaped
from handlers.broadcast.router import COMPOSE, FLOW, Step, router
from handlers.content.departments import code_of
from handlers.core import texts
from handlers.core.context import Context
from handlers.core.events import AnswerCallback, EditText, Kind, SendText
from handlers.core.guards import staff_only
from handlers.core.router import Replies
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, column, esc, int_arg, step_button
from storage.models import Role
from storage.repositories.audiences import Audience, AudienceRepository, AudienceUnavailable, available_kinds
from storage.repositories.broadcasts import BroadcastRepository


@router.command("diffusion", description="Envoyer un message à un public", staff=True)
async def broadcast_command(ctx: Context) -> Replies:
    ctx.start_flow(FLOW, Step.TEXT)
    return [SendText(t.ASK_TEXT)]


@router.prompt(FLOW)
async def prompt(ctx: Context) -> Replies:
    if ctx.step == Step.TEXT:
        return [SendText(t.ASK_TEXT)]
    if ctx.step == Step.ROLE:
        return ask_role(ctx)
    if ctx.step == Step.SESSION:
        return ask_session(ctx)
    if ctx.step == Step.DEPARTMENT:
        return [SendText(t.ASK_DEPARTMENT, [[_button(ctx, "↩️ Changer le public", "back")]])]
    if ctx.step == Step.CONFIRM:
        return await ask_confirmation(ctx)
    return ask_audience(ctx)


router.guard(FLOW)(staff_only)  # removed from the team in the middle of the flow: out of it


@router.step(FLOW, Step.TEXT)
async def text_received(ctx: Context) -> Replies:
    if ctx.event.kind is not Kind.TEXT:
        return [SendText(t.ONLY_TEXT)]
    message, rewritten = with_plain_characters_escaped(ctx.event.text.strip())
    problems = html_problems(message)
    if problems:
        return [SendText(t.INVALID.format(problems="\n• ".join(problems)))]
    ctx.goto(Step.AUDIENCE, text=message)
    preview = t.PREVIEW + (f"\n{t.REWRITTEN}" if rewritten else "")
    return [SendText(preview), SendText(message), *ask_audience(ctx)]


@router.step(FLOW, Step.DEPARTMENT)
async def department_typed(ctx: Context) -> Replies:
    value = _department(ctx.event.text) if ctx.event.kind is Kind.TEXT else None
    if value is None:
        shown = esc(ctx.event.text[:20]) if ctx.event.kind is Kind.TEXT else "ceci"
        return [SendText(t.BAD_DEPARTMENT.format(value=shown)), *await prompt(ctx)]
    return await audience_chosen(ctx, Audience("department", value))


@router.step(FLOW)
async def broadcast_typed(ctx: Context) -> Replies:
    return [SendText(TAP_A_BUTTON), *await prompt(ctx)]


def _button(ctx: Context, label: str, choice: str):
    return btn(label, f"{COMPOSE}:{ctx.token}:{choice}")


def ask_audience(ctx: Context, intro: str = t.ASK_AUDIENCE) -> Replies:
    kinds = available_kinds()
    rows = [[_button(ctx, t.AUDIENCE_BUTTONS[kind], kind)] for kind in kinds]
    rows.append([_button(ctx, "✏️ Modifier le texte", "edit")])
    return [SendText(intro, rows)]


def ask_role(ctx: Context) -> Replies:
    rows = column(*(_button(ctx, texts.ROLE_LABELS[r.value], f"r:{r.value}") for r in Role))
    rows.append([_button(ctx, "↩️ Changer le public", "back")])
    return [SendText(t.ASK_ROLE, rows)]


def ask_session(ctx: Context) -> Replies:
    catalogue = ctx.content.webinars
    sessions = [s for s in catalogue.sessions if s.end > ctx.now][:10]
    if not sessions:
        ctx.goto(Step.AUDIENCE)
        return ask_audience(ctx, t.NO_SESSION)
    ctx.goto(Step.SESSION, sessions=[s.id for s in sessions])
    rows = [
        [_button(ctx, f"{s.title[:30]} – {s.when(catalogue.zone, ctx.now)}"[:60], f"s:{i}")]
        for i, s in enumerate(sessions)
    ]
    rows.append([_button(ctx, "↩️ Changer le public", "back")])
    return [SendText(t.ASK_SESSION, rows)]


async def ask_confirmation(ctx: Context) -> Replies:
    audience = Audience.from_dict(ctx.data["audience"])
    count = await AudienceRepository(ctx.session).count(audience)
    if count == 0:
        ctx.goto(Step.AUDIENCE)
        return ask_audience(ctx, t.NOBODY)
    rows = [
        [_button(ctx, f"✅ Envoyer à {count} {t.people(count)}", "go")],
        [_button(ctx, "↩️ Changer le public", "back"), _button(ctx, "✏️ Modifier le texte", "edit")],
    ]
    label = esc(_label(ctx, audience))
    return [SendText(t.CONFIRM.format(count=count, people=t.people(count), audience=label), rows)]


async def audience_chosen(ctx: Context, audience: Audience) -> Replies:
    if audience.kind not in available_kinds():
        return ask_audience(ctx, t.UNAVAILABLE)
    ctx.goto(Step.CONFIRM, audience=audience.as_dict())
    try:
        return await ask_confirmation(ctx)
    except AudienceUnavailable:
        ctx.goto(Step.AUDIENCE)
        return ask_audience(ctx, t.UNAVAILABLE)


@router.callback(COMPOSE)
async def broadcast_pressed(ctx: Context) -> Replies:
    parts = step_button(ctx, FLOW, parts=range(3, 99))
    if not ctx.is_staff:
        raise StaleButton(ctx.event.callback_data)
    choice, value = parts[2], ":".join(parts[3:])
    if choice == "edit":
        ctx.goto(Step.TEXT)
        return [SendText(t.ASK_TEXT)]
    if choice == "back":
        ctx.goto(Step.AUDIENCE)
        return ask_audience(ctx)
    if choice == "go" and ctx.step == Step.CONFIRM:
        return await launch(ctx)
    if ctx.step not in (Step.AUDIENCE, Step.ROLE, Step.SESSION, Step.CONFIRM):
        raise StaleButton(ctx.event.callback_data)
    if choice == "all":
        return await audience_chosen(ctx, Audience("all"))
    if choice == "role":
        ctx.goto(Step.ROLE)
        return ask_role(ctx)
    if choice == "r" and ctx.step == Step.ROLE and value in {r.value for r in Role}:
        return await audience_chosen(ctx, Audience("role", value))
    if choice == "department":
        ctx.goto(Step.DEPARTMENT)
        return await prompt(ctx)
    if choice == "unsubmitted":
        return await audience_chosen(ctx, Audience("unsubmitted", str(ctx.content.edition.year)))
    if choice == "session":
        return ask_session(ctx)
    if choice == "s" and ctx.step == Step.SESSION:
        sessions = ctx.data.get("sessions", [])
        index = int_arg(value)
        if index >= len(sessions):
            raise StaleButton(ctx.event.callback_data)
        return await audience_chosen(ctx, Audience("session", sessions[index]))
    raise StaleButton(ctx.event.callback_data)


async def launch(ctx: Context) -> Replies:
    audience = Audience.from_dict(ctx.data["audience"])
    text = ctx.data["text"]
    recipients = await AudienceRepository(ctx.session).recipients(audience)
    if not recipients:
        ctx.goto(Step.AUDIENCE)
        return ask_audience(ctx, t.NOBODY)
    label = _label(ctx, audience)
    job = await BroadcastRepository(ctx.session).create(
        created_by=ctx.person.telegram_id,
        text=text,
        audience=audience.as_dict(),
        audience_label=label,
        recipients=recipients,
        now=ctx.now,
        status_chat_id=ctx.event.chat_id,
        status_message_id=ctx.event.message_id,
    )
    ctx.audit.log(
        ctx.person.telegram_id, "broadcast_started", f"diffusion {job.id}", audience=label, recipients=len(recipients)
    )
    ctx.end_flow()
    progress = t.progress_text(job)
    if ctx.event.message_id is None:
        return [AnswerCallback(t.STARTED), SendText(progress, t.control_buttons(job))]
    return [AnswerCallback(t.STARTED), EditText(ctx.event.message_id, progress, t.control_buttons(job))]


def _department(text: str) -> str | None:
    """« 33 », « 2A », « 974 » or a name: « tarn » is 81."""
    return code_of(text)


def _label(ctx: Context, audience: Audience) -> str:
    catalogue = ctx.content.webinars
    session = catalogue.get(audience.value) if audience.kind == "session" else None
    title = f"« {session.title} » ({session.when(catalogue.zone)})" if session else ""
    return t.audience_label(audience.kind, audience.value, title)
