"""Messages received during a sheet: answers, attachments, and everything else, kindly.

Photos and documents are attached to the sheet (kept by Telegram file id); a voice message
gets « écrivez votre réponse »; a sticker or a location where text is expected gets an
explanation and the current question again.
"""

from __future__ import annotations

from handlers.core import texts as common
from handlers.core.context import Context
from handlers.core.events import Kind, SendText
from handlers.core.french import plural
from handlers.core.router import Replies
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import esc
from handlers.sheets import access, ask, card, conflict, display, dossier_nav, files, questions
from handlers.sheets import texts as t
from handlers.sheets.router import FLOW, Step, router
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.sheet_files import SheetFilesRepository
from storage.repositories.sheets import NotEditable


@router.step(FLOW)
async def on_message(ctx: Context) -> Replies:
    if await access.scope(ctx) is None:  # no longer a member of the dossier: nothing is saved
        ctx.end_flow()
        gate = await access.profile_gate(ctx)
        return gate or await dossier_nav.show_dossier(ctx)
    kind = ctx.event.kind
    if kind in (Kind.PHOTO, Kind.DOCUMENT):
        return await attach(ctx)
    if kind is Kind.VOICE:
        return [SendText(t.VOICE), *await prompt(ctx)]
    if kind is not Kind.TEXT:
        explanation = common.EXPECTED_TEXT_IN_FLOW.get(kind.value, common.EXPECTED_TEXT_IN_FLOW["other"])
        return [SendText(explanation), *await prompt(ctx)]
    if ctx.step == Step.QUESTION:
        return await questions.answer_text(ctx)
    return [SendText(TAP_A_BUTTON), *await prompt(ctx)]


@router.prompt(FLOW)
async def prompt(ctx: Context) -> Replies:
    """Show the current screen of the sheet again."""
    sheet = await access.current_sheet(ctx)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    mode = ctx.data.get("mode", ask.FILL)
    if ctx.step == Step.SERVICES:
        return await ask.show_services(ctx, sheet, mode)
    if ctx.step == Step.QUESTION:
        return await ask.show_question(ctx, sheet, ctx.data.get("i", 0), mode)
    if ctx.step == Step.CONFLICT:
        return await conflict.reshow(ctx, sheet)
    if ctx.step == Step.SUBMIT:
        return card.ask_to_submit(ctx, sheet)
    if ctx.step == Step.FILES and sheet.attachments:
        return files.show_files(ctx, sheet)
    return await card.show_summary(ctx, sheet)


async def attach(ctx: Context) -> Replies:
    sheet = await access.current_sheet(ctx)
    if sheet is None:
        return ask.sheet_gone(ctx)
    event = ctx.event
    kind = "photo" if event.kind is Kind.PHOTO else "document"
    result = await SheetFilesRepository(ctx.session).add_attachment(
        DossierScope.of(sheet),
        sheet.id,
        kind=kind,
        file_id=event.file_id,
        file_name=event.file_name,
        mime_type=event.mime_type,
        caption=event.caption,
        by=ctx.person.telegram_id,
        now=ctx.now,
    )
    if result is None or isinstance(result, NotEditable):
        return ask.sheet_gone(ctx, locked=result is not None)
    what = t.ATTACHED_PHOTO if kind == "photo" else t.ATTACHED_DOCUMENT
    count = plural(len(sheet.attachments), *t.ATTACHMENT_COUNT)
    done = t.ATTACHED.format(what=what, title=esc(display.title(sheet)), count=count)
    return [SendText(done), *await prompt(ctx)]  # and the question again: it still waits for its answer
