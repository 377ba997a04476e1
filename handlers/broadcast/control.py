"""Buttons of a broadcast's progress message (staff): pause, resume, cancel (with confirmation).

These buttons live on a long-lived message, not on a flow step: each press is checked
against the job's current status instead of a step token. While « Annuler la diffusion ? » is
shown, the progress refresh leaves the message alone (`job.confirming`). A cancelled job's
report is queued once the sends in flight settled (here, or by the progress worker), so it
says what recipients really received; a paused job's message shows the sends still under way.
"""

from __future__ import annotations

from handlers.broadcast import texts as t
from handlers.broadcast.report import queue_report
from handlers.broadcast.router import JOB, router
from handlers.core.context import Context
from handlers.core.events import AnswerCallback, EditText, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, int_arg, split_data
from storage.models import BroadcastJob, BroadcastStatus
from storage.repositories.broadcasts import BroadcastRepository

TRANSITIONS = {
    "pause": ({BroadcastStatus.RUNNING}, "⏸ Diffusion mise en pause."),
    "resume": ({BroadcastStatus.PAUSED}, "▶️ Diffusion reprise."),
    "cancel": ({BroadcastStatus.RUNNING, BroadcastStatus.PAUSED}, ""),
    "cancelok": ({BroadcastStatus.RUNNING, BroadcastStatus.PAUSED}, "⏹ Diffusion annulée."),
    "keep": ({BroadcastStatus.RUNNING, BroadcastStatus.PAUSED}, ""),
}


@router.callback(JOB)
async def broadcast_job_pressed(ctx: Context) -> Replies:
    _, action, raw_id = split_data(ctx.event.callback_data, 3)
    if action not in TRANSITIONS or not ctx.is_staff:
        raise StaleButton(ctx.event.callback_data)
    repo = BroadcastRepository(ctx.session)
    job = await repo.get(int_arg(raw_id))
    if job is None:
        raise StaleButton(ctx.event.callback_data)
    allowed, done = TRANSITIONS[action]
    if job.status not in allowed:
        await repo.refresh_counts(job)
        return [
            AnswerCallback("Cette diffusion est déjà " + t.STATUS_WORDS[BroadcastStatus(job.status)] + "."),
            *_show(ctx, job, t.control_buttons(job)),
        ]
    if action == "cancel":
        job.confirming = True  # the question stays until answered
        await repo.refresh_counts(job)
        return [
            AnswerCallback(),
            *_show(
                ctx,
                job,
                t.confirm_cancel_buttons(job),
                suffix="\n\n<b>Annuler la diffusion ?</b> Les messages déjà partis ne peuvent pas être repris.",
            ),
        ]
    job.confirming = False
    if action == "pause":
        job.status = BroadcastStatus.PAUSED
    elif action == "resume":
        job.status = BroadcastStatus.RUNNING
    elif action == "cancelok":
        await repo.cancel(job, ctx.now)
        await queue_report(ctx.session, job)  # only if nothing was in flight; else once it settled
    await repo.refresh_counts(job)
    if action != "keep":
        ctx.audit.log(ctx.person.telegram_id, f"broadcast_{action.removesuffix('ok')}", f"diffusion {job.id}")
    return [AnswerCallback(done), *_show(ctx, job, t.control_buttons(job), in_flight=await repo.in_flight(job))]


def _show(ctx: Context, job: BroadcastJob, buttons, *, suffix: str = "", in_flight: int = 0) -> Replies:
    text = t.progress_text(job, in_flight=in_flight) + suffix
    if ctx.event.message_id is None:
        return [SendText(text, buttons)]
    return [EditText(ctx.event.message_id, text, buttons)]
