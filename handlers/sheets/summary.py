"""Summary buttons: edit a field, submit for review (once, after confirmation: the sheet is read-only
during the review), delete a draft (after confirmation).

After a submission the person is offered another action for the same enjeu, or the next enjeu
of the mosaic that has no sheet yet: theme by theme through the mosaic.
"""

from __future__ import annotations

from handlers.core.context import Context
from handlers.core.events import AnswerCallback, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, int_arg, shorten, split_data
from handlers.sheets import access, ask, card, display, dossier_nav
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER, FLOW, SUMMARY, Step, router
from storage.models import ActionSheet, SheetStatus
from storage.repositories.dossier_scope import DossierScope


@router.callback(SUMMARY)
async def summary_button(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    if len(parts) == 4 and parts[1] in ("s", "sy"):
        return await submit(ctx, parts)
    if (leaving := await ask.quit_from_any_screen(ctx)) is not None:
        return leaving
    parts, sheet = await access.flow_button(ctx, Step.SUMMARY, Step.DELETE, Step.SUBMIT)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    action = parts[1]
    if ctx.step == Step.SUMMARY:
        if action == "e" and len(parts) == 4:
            if parts[3] == "s":
                return await ask.show_services(ctx, sheet, ask.EDIT)
            index = int_arg(parts[3])
            if index >= len(access.form(ctx)):
                raise StaleButton(ctx.event.callback_data)
            return await ask.show_question(ctx, sheet, index, ask.EDIT)
        if action == "d" and sheet.status == SheetStatus.BROUILLON:
            ctx.goto(Step.DELETE)
            tok = ctx.token
            text = t.DELETE_CONFIRM.format(title=esc(display.title(sheet)))
            return [
                SendText(text, [[btn(t.DELETE_YES, f"{SUMMARY}:dy:{tok}"), btn(t.DELETE_NO, f"{SUMMARY}:dn:{tok}")]])
            ]
        if action == "x":
            return ask.save_and_quit(ctx, sheet)
    if ctx.step == Step.DELETE:
        if action == "dy":
            title = display.title(sheet)
            if not await access.sheets(ctx).delete_draft(DossierScope.of(sheet), sheet.id):
                return [AnswerCallback(t.NOT_DELETABLE, alert=True), *await card.show_summary(ctx, sheet)]
            ctx.end_flow()
            return await dossier_nav.show_dossier(ctx, t.DELETED.format(title=esc(title)))
        if action == "dn":
            return await card.show_summary(ctx, sheet)
    if ctx.step == Step.SUBMIT and action == "sn":
        return await card.show_summary(ctx, sheet)
    raise StaleButton(ctx.event.callback_data)


async def submit(ctx: Context, parts: list[str]) -> Replies:
    """« Soumettre » asks first; « Oui, soumettre » submits. A second tap (or a colleague's tap)
    finds the sheet already submitted; « Soumettre » tapped twice shows the question once more."""
    sheet = await access.owned_sheet(ctx, int_arg(parts[3]))
    if sheet is None:
        raise StaleButton(ctx.event.callback_data)
    confirmed = parts[1] == "sy"
    in_flow = ctx.flow == FLOW and ctx.data.get("sheet") == sheet.id
    if not confirmed and in_flow and ctx.step == Step.SUBMIT and sheet.editable:
        # The card's « Soumettre » tapped again: the question already asked keeps its buttons valid.
        return [AnswerCallback(t.SUBMIT_ASKED_BELOW)]
    fresh = in_flow and parts[2] == ctx.token and ctx.step == (Step.SUBMIT if confirmed else Step.SUMMARY)
    if not sheet.editable:
        if not fresh and sheet.status != SheetStatus.SOUMISE:
            raise StaleButton(ctx.event.callback_data)
        return [AnswerCallback(t.ALREADY_SUBMITTED), *await card.show_read_only(ctx, sheet)]
    if not fresh:
        raise StaleButton(ctx.event.callback_data)
    why_not = None
    if sheet.owner_telegram_id is not None:  # a private draft: the access is not validated yet
        why_not = await card.cannot_submit_yet(ctx)
    elif missing := missing_fields(ctx, sheet):  # a colleague may have emptied a field since the card
        why_not = t.MISSING.format(fields=", ".join(esc(m) for m in missing))
    if why_not is not None:  # from the question, back to the card, whose ✏️ buttons work again
        return await card.show_summary(ctx, sheet, why_not) if confirmed else [SendText(why_not)]
    if not confirmed:
        return card.ask_to_submit(ctx, sheet)
    if not await access.sheets(ctx).submit(DossierScope.of(sheet), sheet.id, by=ctx.person.telegram_id, now=ctx.now):
        return [AnswerCallback(t.ALREADY_SUBMITTED), *await card.show_read_only(ctx, sheet)]
    ctx.end_flow()
    return [SendText(t.SUBMITTED.format(title=esc(display.title(sheet)))), *await what_next(ctx, sheet)]


def missing_fields(ctx: Context, sheet: ActionSheet) -> list[str]:
    missing = [] if display.services(sheet) else ["Services"]
    return missing + [q.label for q in access.form(ctx).required if not sheet.value(q.key).strip()]


async def what_next(ctx: Context, sheet: ActionSheet) -> Replies:
    matrix = access.matrix(ctx)
    enjeu = matrix.get(sheet.enjeu)
    name = enjeu.name if enjeu else sheet.enjeu
    rows = [[btn(t.ANOTHER_BUTTON, f"{DOSSIER}:n:{sheet.enjeu}")]]
    following = dossier_nav.next_enjeu_without_sheet(ctx, sheet.enjeu, await dossier_nav.dossier_sheets(ctx))
    next_enjeu = matrix.get(following) if following is not None else None  # always found when set
    text = t.ANOTHER_IN_ENJEU.format(enjeu=esc(name))
    if next_enjeu is not None:
        label = t.NEXT_ENJEU_BUTTON.format(enjeu=shorten(next_enjeu.name, 40))
        rows.append([btn(label, f"{DOSSIER}:n:{next_enjeu.code}")])
    else:
        text += "\n" + t.ALL_COVERED
    rows.append([btn(t.BACK_TO_DOSSIER, DOSSIER)])
    return [SendText(text, rows)]
