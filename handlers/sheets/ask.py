"""The guided collection's screens: services to tick, then one question at a time with progress.

Each screen enters its flow step (a new token) and records, in the conversation state, the
version of the field as shown: the save compares it with the database to spot a colleague's
change in between.
"""

from __future__ import annotations

from handlers.content.form import Question
from handlers.core import frdates, french
from handlers.core.context import Context
from handlers.core.events import Button, EditText, SendText
from handlers.core.router import Replies
from handlers.core.ui import btn, esc, shorten, split_data
from handlers.sheets import access, authors, card, display
from handlers.sheets import texts as t
from handlers.sheets.router import DOSSIER, FLOW, QUESTION, SERVICES, Step
from storage.models import ActionSheet
from storage.repositories.sheets import decode_list

FILL, EDIT = "fill", "edit"
LABEL_CHARS = 56
PHONE_BUTTON_CHARS = 30  # about what a phone shows of a full-width button before Telegram cuts it


async def resume(ctx: Context, sheet: ActionSheet, ack: str = "") -> Replies:
    """Open a sheet where its collection stands (services, question n, or the summary)."""
    if not sheet.editable:
        return await card.show_read_only(ctx, sheet, ack)
    if sheet.position < 0 or not display.services(sheet):
        return await show_services(ctx, sheet, FILL, ack=ack)
    if sheet.position < len(access.form(ctx)) and sheet.status == "brouillon":
        return await show_question(ctx, sheet, sheet.position, FILL, ack=ack)
    return await card.show_summary(ctx, sheet, ack)


# -- services ---------------------------------------------------------------------------
def services_screen(ctx: Context, sheet: ActionSheet) -> tuple[str, list[list[Button]]]:
    enjeu = access.matrix(ctx).get(sheet.enjeu)
    chosen = set(display.services(sheet))
    offered = offered_services(ctx, sheet)
    tok = ctx.token
    rows = [
        [btn(("☑️ " if s in chosen else "⬜ ") + shorten(s, LABEL_CHARS), f"{SERVICES}:t:{tok}:{i}")]
        for i, s in enumerate(offered)
    ]
    rows.append([btn(t.SERVICES_VALIDATE.format(count=len(chosen)), f"{SERVICES}:ok:{tok}")])
    rows.append([btn(t.BACK, f"{SERVICES}:b:{tok}"), btn(t.SAVE_AND_QUIT, f"{SERVICES}:x:{tok}")])
    text = t.SERVICES_SCREEN.format(title=esc(display.title(sheet)), enjeu=esc(enjeu.name if enjeu else sheet.enjeu))
    if enjeu and enjeu.description:
        text += f"\n<i>{esc(enjeu.description)}</i>"
    if any(len(s) > PHONE_BUTTON_CHARS for s in offered):  # a phone cuts such buttons: the names in full
        text += "\n\n" + "\n".join(f"{'☑️' if s in chosen else '⬜'} {esc(s)}" for s in offered)
    if access.matrix(ctx).source != "officiel":
        text += "\n\n" + t.PROVISIONAL_SERVICES
    return text, rows


def offered_services(ctx: Context, sheet: ActionSheet) -> list[str]:
    enjeu = access.matrix(ctx).get(sheet.enjeu)
    offered = list(enjeu.services) if enjeu else []
    # A service ticked before the référentiel changed stays visible, so it can be unticked.
    return offered + [s for s in display.services(sheet) if s not in offered]


async def show_services(ctx: Context, sheet: ActionSheet, mode: str, ack: str = "") -> Replies:
    if mode == FILL:
        sheet.position = -1
    ctx.start_flow(FLOW, Step.SERVICES, {"sheet": sheet.id, "mode": mode})
    text, rows = services_screen(ctx, sheet)
    return [SendText(f"{ack}\n\n{text}" if ack else text, rows)]


def refresh_services(ctx: Context, sheet: ActionSheet) -> Replies:
    """Redraw the services message in place after a tick (a new message if it cannot be edited)."""
    text, rows = services_screen(ctx, sheet)
    if ctx.event.message_id is not None:
        return [EditText(ctx.event.message_id, text, rows)]
    return [SendText(text, rows)]


# -- questions --------------------------------------------------------------------------
def question_text(ctx: Context, sheet: ActionSheet, index: int) -> str:
    form = access.form(ctx)
    question = form.questions[index]
    lines = [f"📝 <i>{esc(shorten(display.title(sheet), 60))}</i>", display.progress(index, len(form)), ""]
    lines.append(f"<b>{esc(question.text)}</b>" + ("" if question.required else f" {t.OPTIONAL}"))
    if question.type == "texte":
        lines.append(t.LENGTH_LIMIT.format(limit=french.number(question.max_length)))
    if question.provisional:
        lines.append(t.PROVISIONAL_CHOICES)
    if question.help:
        lines.append(f"<i>{esc(question.help)}</i>")
    if question.example:
        lines.append(t.EXAMPLE.format(example=esc(question.example)))
    current = display.plain_value(question, sheet.value(question.key))
    if current and not question.is_choice:
        lines += ["", t.CURRENT.format(value=esc(shorten(current, 300)))]
    return "\n".join(lines)


def question_buttons(ctx: Context, sheet: ActionSheet, question: Question, mode: str) -> list[list[Button]]:
    tok = ctx.token
    rows: list[list[Button]] = []
    current = sheet.value(question.key)
    if question.type == "choix":
        rows += [
            [btn(("✓ " if c == current else "") + c, f"{QUESTION}:c:{tok}:{i}")] for i, c in enumerate(question.choices)
        ]
    elif question.type == "choix_multiples":
        picked = set(ctx.data.get("sel", []))
        rows += [
            [btn(("☑️ " if c in picked else "⬜ ") + c, f"{QUESTION}:m:{tok}:{i}")]
            for i, c in enumerate(question.choices)
        ]
        rows.append([btn(t.VALIDATE, f"{QUESTION}:ok:{tok}")])
    elif current:
        rows.append([btn(t.KEEP, f"{QUESTION}:k:{tok}")])
    if not question.required:  # an optional answer already given can be taken back, not only kept
        rows.append([btn(t.CLEAR if current else t.SKIP, f"{QUESTION}:p:{tok}")])
    back = t.BACK_TO_SUMMARY if mode == EDIT else t.BACK
    rows.append([btn(back, f"{QUESTION}:b:{tok}"), btn(t.SAVE_AND_QUIT, f"{QUESTION}:x:{tok}")])
    if mode == FILL:  # the whole card, from any question: every answer, edits, and deleting the draft
        rows.append([btn(t.WHOLE_SHEET, f"{QUESTION}:card:{tok}")])
    return rows


async def show_question(ctx: Context, sheet: ActionSheet, index: int, mode: str, ack: str = "") -> Replies:
    form = access.form(ctx)
    index = max(0, min(index, len(form) - 1))
    question = form.questions[index]
    if mode == FILL and sheet.position != index:  # the save already moved it on: nothing left to flush
        sheet.position = index
    row = sheet.answer(question.key)
    data = {"sheet": sheet.id, "i": index, "mode": mode, "v": row.version if row is not None else 0}
    if question.type == "choix_multiples":
        data["sel"] = decode_list(row.value) if row is not None else []
    ctx.start_flow(FLOW, Step.QUESTION, data)
    text = question_text(ctx, sheet, index)
    if row is not None and row.value and row.updated_by != ctx.person.telegram_id:  # a colleague's answer
        day = frdates.day(row.updated_at.astimezone(ctx.services.timezone).date(), year=False)
        author = await authors.author_name(ctx, row.updated_by)
        text += "\n" + t.ANSWERED_BY.format(of_who=esc(french.of(author)), day=day)
    return [SendText(f"{ack}\n\n{text}" if ack else text, question_buttons(ctx, sheet, question, mode))]


async def after_question(ctx: Context, sheet: ActionSheet, index: int, mode: str, ack: str = "") -> Replies:
    """Next question, or the summary after the last one (or after an edit from the summary)."""
    if mode == EDIT or index + 1 >= len(access.form(ctx)):
        return await card.show_summary(ctx, sheet, ack)
    return await show_question(ctx, sheet, index + 1, FILL, ack)


async def before_question(ctx: Context, sheet: ActionSheet, index: int, mode: str) -> Replies:
    """« Retour »: the previous question, the services before the first one, or the summary."""
    if mode == EDIT:
        return await card.show_summary(ctx, sheet)
    if index == 0:
        return await show_services(ctx, sheet, FILL)
    return await show_question(ctx, sheet, index - 1, FILL)


async def quit_from_any_screen(ctx: Context) -> Replies | None:
    """« 💾 Enregistrer et quitter » under an older screen of the sheet in progress still leaves it
    (every answer is already saved): a way out is never « plus disponible ». None for other buttons."""
    parts = split_data(ctx.event.callback_data)
    if len(parts) != 3 or parts[1] != "x" or ctx.flow != FLOW:
        return None
    sheet = await access.current_sheet(ctx)
    return save_and_quit(ctx, sheet) if sheet is not None else None


def save_and_quit(ctx: Context, sheet: ActionSheet) -> Replies:
    where = display.where(sheet, access.form(ctx))
    ctx.end_flow()
    text = t.SAVED_AND_QUIT.format(title=esc(display.title(sheet)), where=where)
    return [SendText(text, card.dossier_row())]


def sheet_gone(ctx: Context, locked: bool = False) -> Replies:
    ctx.end_flow()
    return [SendText(t.SHEET_LOCKED if locked else t.SHEET_GONE, [[btn(t.BACK_TO_DOSSIER, DOSSIER)]])]
