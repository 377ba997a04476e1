"""The summary card of a sheet: every field with an edit button, attachments, then « Soumettre ».

A sheet under review or validated is shown read-only, without any edit button.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import Button, SendText
from handlers.core.french import named
from handlers.core.router import Replies
from handlers.core.ui import btn, esc, shorten
from handlers.membership import texts as membership_texts
from handlers.membership.requests import waiting_phrase
from handlers.questions.chat import write_button
from handlers.sheets import access, authors, display
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER, FILES, FLOW, SUMMARY, Step
from storage.models import ActionSheet, MembershipStatus, SheetStatus
from storage.repositories.dossier_scope import DossierScope


def card_text(ctx: Context, sheet: ActionSheet, comments: list[str]) -> str:
    enjeu = access.matrix(ctx).get(sheet.enjeu)
    lines = [
        t.SUMMARY_TITLE.format(title=esc(display.title(sheet))),
        t.SUMMARY_ENJEU.format(enjeu=esc(enjeu.name if enjeu else sheet.enjeu)),
        t.SUMMARY_STATUS.format(status=t.STATUS_LABELS.get(sheet.status, sheet.status)),
        "",
        t.SUMMARY_SERVICES.format(services=esc(", ".join(display.services(sheet))) or t.NOT_ANSWERED),
    ]
    for question in access.form(ctx).questions:
        lines.append(
            t.SUMMARY_FIELD.format(
                label=esc(question.label), value=display.html_value(question, sheet.value(question.key))
            )
        )
    if sheet.attachments:
        items = [esc(display.attachment_label(a)) for a in sheet.attachments]
        lines += ["", t.ATTACHMENTS.format(count=len(items), items=", ".join(items))]
    if comments and sheet.status == SheetStatus.A_CORRIGER:
        lines += ["", t.STAFF_COMMENT.format(text=esc(comments[-1]))]
    provisional = provisional_items(ctx)
    if provisional:
        lines += ["", t.PROVISIONAL_CARD.format(what=esc(" ; ".join(provisional)))]
    return "\n".join(lines)


def provisional_items(ctx: Context) -> list[str]:
    """What the card shows that is not the association's yet (plain text)."""
    items = [t.PROVISIONAL_WHAT_SERVICES] if access.matrix(ctx).source != "officiel" else []
    items += [t.PROVISIONAL_WHAT_CHOICES.format(label=q.label) for q in access.form(ctx).questions if q.provisional]
    return items


async def staff_comments(ctx: Context, sheet: ActionSheet) -> list[str]:
    rows = await access.sheets(ctx).visible_comments(DossierScope.of(sheet), sheet.id)
    return [r.text or r.reason for r in rows if r.kind == "correction" and (r.text or r.reason)]


async def show_summary(ctx: Context, sheet: ActionSheet, ack: str = "", *, keep_position: bool = False) -> Replies:
    """Enter the summary step of the flow (editable sheets) and show the card. Opened from a
    question (`keep_position`), « Reprendre » still goes back to that question."""
    if not sheet.editable:
        return await show_read_only(ctx, sheet, ack)
    form = access.form(ctx)
    if not keep_position:
        sheet.position = len(form)
    ctx.start_flow(FLOW, Step.SUMMARY, {"sheet": sheet.id})
    tok = ctx.token
    edit_buttons = [btn(t.EDIT_SERVICES, f"{SUMMARY}:e:{tok}:s")] + [
        btn(t.EDIT_FIELD.format(label=shorten(q.label, 24)), f"{SUMMARY}:e:{tok}:{i}")
        for i, q in enumerate(form.questions)
    ]
    rows = [edit_buttons[i : i + 2] for i in range(0, len(edit_buttons), 2)]
    if sheet.attachments:
        rows.append([btn(t.FILES_BUTTON.format(count=len(sheet.attachments)), f"{FILES}:l:{tok}")])
    submit = t.RESUBMIT if sheet.status == SheetStatus.A_CORRIGER else t.SUBMIT
    private = sheet.owner_telegram_id is not None
    if not private:
        rows.append([btn(submit, f"{SUMMARY}:s:{tok}:{sheet.id}")])
    if sheet.status == SheetStatus.BROUILLON:
        rows.append([btn(t.DELETE, f"{SUMMARY}:d:{tok}")])
    rows.append([btn(t.SAVE_AND_QUIT, f"{SUMMARY}:x:{tok}")])
    lines = [card_text(ctx, sheet, await staff_comments(ctx, sheet)), "", await authors.modified_line(ctx, sheet)]
    if private:
        lines += ["", f"<i>{await cannot_submit_yet(ctx)}</i>"]
    lines += ["", f"<i>{t.ATTACH_HINT}</i>"]
    return [SendText(_with_ack(ack, "\n".join(lines)), rows)]


def ask_to_submit(ctx: Context, sheet: ActionSheet) -> Replies:
    """« Soumettre « … » ? »: the sheet cannot be changed during the review."""
    ctx.goto(Step.SUBMIT)
    tok = ctx.token
    verb = t.RESUBMIT_VERB if sheet.status == SheetStatus.A_CORRIGER else t.SUBMIT_VERB
    text = t.SUBMIT_CONFIRM.format(verb=verb, title=esc(display.title(sheet)))
    buttons = [[btn(t.SUBMIT_YES, f"{SUMMARY}:sy:{tok}:{sheet.id}")], [btn(t.SUBMIT_NO, f"{SUMMARY}:sn:{tok}")]]
    return [SendText(text, buttons)]


async def cannot_submit_yet(ctx: Context) -> str:
    """Why a private draft has no « Soumettre » button: the access is not validated yet."""
    reached = await access.access_of(ctx)
    if reached.status == MembershipStatus.REFUSED:
        return membership_texts.CANNOT_SUBMIT_REFUSED.format(**named(reached.collectivity.name))
    return membership_texts.CANNOT_SUBMIT.format(waiting=waiting_phrase(reached.collectivity, reached.has_members))


async def show_read_only(ctx: Context, sheet: ActionSheet, ack: str = "") -> Replies:
    """A submitted or validated sheet: what it says, what happens next, its files on request."""
    ctx.end_flow()
    validated = sheet.status == SheetStatus.VALIDEE
    note = t.READ_ONLY_VALIDATED if validated else t.READ_ONLY_SUBMITTED
    text = card_text(ctx, sheet, []) + f"\n\n{await authors.modified_line(ctx, sheet)}\n\n<i>{note}</i>"
    rows: list[list[Button]] = []
    if sheet.attachments:
        rows.append([btn(t.RECEIVE_FILES.format(count=len(sheet.attachments)), f"{DOSSIER}:f:{sheet.id}")])
    if not validated:
        rows.append([write_button()])
    return [SendText(_with_ack(ack, text), [*rows, *dossier_row()])]


def dossier_row() -> list[list[Button]]:
    return [[btn(t.BACK_TO_DOSSIER, DOSSIER), btn(t.MAIN_MENU, f"{DOSSIER}:menu")]]


def _with_ack(ack: str, text: str) -> str:
    return f"{ack}\n\n{text}" if ack else text
