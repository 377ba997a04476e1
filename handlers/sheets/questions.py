"""Answering a question: typed text or a choice button, Passer, Retour, Enregistrer et quitter.

The answer is saved (and committed by the dispatcher) before the acknowledgement is sent. The
save states the field's version the person saw; a colleague's change in between leads to the
conflict screen instead of an overwrite.
"""

from __future__ import annotations

import dataclasses
import re

from faq import Outcome
from handlers.content.form import Question
from handlers.core.context import Context
from handlers.core.events import AnswerCallback, EditText, Kind, SendText
from handlers.core.router import Replies
from handlers.core.screens import looks_like_a_question
from handlers.core.texts import TAP_A_BUTTON
from handlers.core.ui import StaleButton, btn, esc, int_arg
from handlers.sheets import access, ask, card, conflict, display
from handlers.sheets import texts as t
from handlers.sheets.router import FLOW, QUESTION, Step, router
from handlers.sheets.validation import Refused, check
from storage.models import ActionSheet
from storage.repositories.dossier_scope import DossierScope
from storage.repositories.sheets import Conflict, NotEditable, Saved, encode_list


def current_question(ctx: Context) -> tuple[int, Question]:
    form = access.form(ctx)
    index = ctx.data.get("i")
    if not isinstance(index, int) or not 0 <= index < len(form):
        raise StaleButton("question index")
    return index, form.questions[index]


async def save(
    ctx: Context, sheet: ActionSheet, value: str, *, seen_version: int | None = None, ack: str | None = None
) -> Replies:
    """Save the answer to the current question, then move on (or show the conflict)."""
    index, question = current_question(ctx)
    mode = ctx.data.get("mode", ask.FILL)
    seen = ctx.data.get("v", 0) if seen_version is None else seen_version
    result = await access.sheets(ctx).save_answer(
        DossierScope.of(sheet),
        sheet.id,
        question.key,
        value,
        seen_version=seen,
        by=ctx.person.telegram_id,
        now=ctx.now,
        position=index + 1 if mode == ask.FILL else None,  # where after_question goes: one UPDATE, not two
    )
    if result is None or isinstance(result, NotEditable):
        return ask.sheet_gone(ctx, locked=result is not None)
    if isinstance(result, Conflict):
        return await conflict.show_conflict(ctx, sheet, index, mode, value, result)
    assert isinstance(result, Saved)
    return await ask.after_question(ctx, sheet, index, mode, ack or saved_ack(question, value))


def saved_ack(question: Question, value: str) -> str:
    """« C'est enregistré (Niveau de réalisation : En cours). »: a typed « en cour », « sept
    2024 » or « albi.fr » is read back as the bot understood it; a text is not repeated."""
    if question.is_choice or question.type in ("date", "url"):
        return t.SAVED_AS.format(label=esc(question.label), value=display.html_value(question, value))
    return t.SAVED.format(label=esc(question.label))


async def answer_text(ctx: Context) -> Replies:
    sheet = await access.current_sheet(ctx)
    if sheet is None:
        return ask.sheet_gone(ctx)
    _index, question = current_question(ctx)
    if question.is_choice and question.type == "choix_multiples":
        return [SendText(TAP_A_BUTTON)]
    text = ctx.event.text
    if _asks_the_label(ctx) and ctx.dispatcher.free_text is not None:
        # « c'est quand la date limite ? » typed here is a question, not the answer: answered, nothing saved
        # (a title that reads so, « Et si on parlait numérique ? », is one tap from being saved).
        savable = question.type == "texte" and not isinstance(check(question, text), Refused)
        return await answer_as_a_question(ctx, offer_to_save=savable)
    value = check(question, text)
    if isinstance(value, Refused) and question.type in ("date", "url") and text.rstrip().endswith("?"):
        hesitant = check(question, text.rstrip().rstrip("?").rstrip())  # « sept 2024 ? »: a date all the same
        value = value if isinstance(hesitant, Refused) else hesitant
    if isinstance(value, Refused) and _asks_something(ctx, question) and ctx.dispatcher.free_text is not None:
        # « c'est quoi réalisé ? » at « Où en est cette action ? », « quelle date je mets ? » at a date:
        # names no choice, is no date: asks something
        return await answer_as_a_question(ctx)
    if isinstance(value, Refused):
        return [SendText(value.message)]  # the question and its buttons stay valid above
    if question.type == "texte" and _one_short_question(text) and ctx.dispatcher.free_text is not None:
        # « je dois mettre quoi ici ? »: an answer or a question for the bot? She says; nothing is lost
        tok, n = ctx.token, _keep_typed(ctx, text, ctx.data.get("v", 0))
        rows = [
            [btn(t.IT_IS_MY_ANSWER, f"{QUESTION}:ya:{tok}:{n}"), btn(t.IT_IS_A_QUESTION, f"{QUESTION}:qa:{tok}:{n}")]
        ]
        return [SendText(t.ANSWER_OR_QUESTION.format(label=esc(question.label)), rows)]
    return await save(ctx, sheet, value)


def _asks_something(ctx: Context, question: Question) -> bool:
    """Refused as a choice, a date or a link, and reads as a question. At a date or a link it must also
    be a sentence or about the label: « 2024 ? » is a hesitant date (its refusal says how to write one)."""
    text = ctx.event.text
    if question.type == "texte" or not looks_like_a_question(text):
        return False
    if question.is_choice or len(text.split()) >= SENTENCE_WORDS:
        return True
    return ctx.content.faq.match(text).outcome in _ABOUT_THE_LABEL


SENTENCE_WORDS = 3


_ABOUT_THE_LABEL = (Outcome.ANSWER, Outcome.SUGGEST, Outcome.UNKNOWN)


def _keep_typed(ctx: Context, text: str, seen_version: int) -> int:
    """Keep what she typed for « C'est ma réponse », with the field's version she saw (a colleague's
    answer in between is shown as a conflict); returns its number, which the buttons carry, so an
    older prompt's button cannot save a later text."""
    n = int(ctx.data.get("typed_n") or 0) + 1
    ctx.update_data(typed=text, typed_n=n, typed_v=seen_version)
    return n


async def answer_as_a_question(ctx: Context, *, offer_to_save: bool = False) -> Replies:
    """The FAQ's answer to what she typed, then the question she was at, nothing saved; with
    `offer_to_save`, the typed text is kept and « C'était ma réponse » saves it."""
    typed, seen_version = ctx.event.text, ctx.data.get("v", 0)
    answered, prompt = await ctx.dispatcher.answer_aside(ctx)  # the question again: a new step
    rows = []
    if offer_to_save and ctx.flow == FLOW and ctx.step == Step.QUESTION:
        n = _keep_typed(ctx, typed, seen_version)
        rows = [[btn(t.IT_WAS_MY_ANSWER, f"{QUESTION}:ya:{ctx.token}:{n}")]]
    return [*answered, SendText(t.QUESTION_NOT_SAVED, rows), *prompt]


def _one_short_question(text: str) -> bool:
    """« je dois mettre quoi ici ? »: one short sentence ending in « ? ». « Les familles s'inscrivent en
    ligne. Pourquoi pas vous ? » states something first: an answer."""
    text = text.strip()
    return text.endswith("?") and len(text) <= QUESTION_MAX_CHARS and _SENTENCE_END.search(text[:-1]) is None


_SENTENCE_END = re.compile(r"[.!…](\s|$)")


def _asks_the_label(ctx: Context) -> bool:
    """A short message ending in « ? » that the FAQ answers with confidence: no sheet's answer reads so."""
    text = ctx.event.text.strip()
    return (
        text.endswith("?") and len(text) <= QUESTION_MAX_CHARS and ctx.content.faq.match(text).outcome is Outcome.ANSWER
    )


QUESTION_MAX_CHARS = 150


@router.callback(QUESTION)
async def question_button(ctx: Context) -> Replies:
    if ctx.event.callback_data.split(":")[1:2] == ["x"] and (current := await access.current_sheet(ctx)):
        await keep_ticks(ctx, current)  # « Enregistrer et quitter » keeps the ticks not yet validated
    if (leaving := await ask.quit_from_any_screen(ctx)) is not None:
        return leaving
    parts, sheet = await access.flow_button(ctx, Step.QUESTION)
    if sheet is None:
        return ask.sheet_gone(ctx)
    if not sheet.editable:
        return ask.sheet_gone(ctx, locked=True)
    index, question = current_question(ctx)
    action, mode = parts[1], ctx.data.get("mode", ask.FILL)
    if action == "c" and len(parts) == 4 and question.type == "choix":
        choice = int_arg(parts[3])
        if choice >= len(question.choices):
            raise StaleButton(ctx.event.callback_data)
        return await save(ctx, sheet, question.choices[choice])
    if action == "m" and len(parts) == 4 and question.type == "choix_multiples":
        return toggle_choice(ctx, sheet, question, int_arg(parts[3]))
    if action == "ok" and question.type == "choix_multiples":
        picked = [c for c in question.choices if c in ctx.data.get("sel", [])]
        if question.required and not picked:
            return [AnswerCallback("Cochez au moins une réponse.", alert=True)]
        return await save(ctx, sheet, encode_list(picked) if picked else "")
    if action == "k" and sheet.value(question.key):
        return await ask.after_question(ctx, sheet, index, mode)
    if action == "p" and not question.required:
        if sheet.value(question.key):  # « Effacer la réponse »
            return await save(ctx, sheet, "", ack=t.CLEARED.format(label=esc(question.label)))
        return await ask.after_question(ctx, sheet, index, mode)
    if action == "b":
        return await ask.before_question(ctx, sheet, index, mode)
    if action == "x":
        return ask.save_and_quit(ctx, sheet)
    if action == "card":
        return await card.show_summary(ctx, sheet, keep_position=True)
    typed = ctx.data.get("typed")
    kept = len(parts) == 4 and parts[3] == str(ctx.data.get("typed_n"))  # the latest prompt's button
    if action in ("ya", "qa") and kept and isinstance(typed, str) and question.type == "texte":
        if action == "qa" and ctx.dispatcher.free_text is not None:
            ctx.update_data(typed=None)
            as_typed = dataclasses.replace(ctx.event, kind=Kind.TEXT, text=typed, callback_data="")
            return await answer_as_a_question(dataclasses.replace(ctx, event=as_typed))
        value = check(question, typed)
        if isinstance(value, Refused):
            return [SendText(value.message)]
        return await save(ctx, sheet, value, seen_version=int(ctx.data.get("typed_v") or 0))
    if action in ("ya", "qa") and isinstance(typed, str):
        # An older prompt of this very question: the latest one and its text stay as they are.
        return [AnswerCallback(t.OLDER_TYPED_PROMPT, alert=True)]
    raise StaleButton(ctx.event.callback_data)


async def keep_ticks(ctx: Context, sheet: ActionSheet) -> None:
    """Leaving a multiple-choice question (a command, « Enregistrer et quitter ») keeps its ticks
    as the answer, as « Valider » would: every tap is the person's work. A colleague's answer
    saved meanwhile is not overwritten (the conflict is shown when the question is next answered)."""
    if ctx.step != Step.QUESTION or not sheet.editable:
        return
    index = ctx.data.get("i")
    form = access.form(ctx)
    if not isinstance(index, int) or not 0 <= index < len(form):
        return
    question = form.questions[index]
    if question.type != "choix_multiples" or "sel" not in ctx.data:
        return
    picked = [c for c in question.choices if c in ctx.data["sel"]]
    value = encode_list(picked) if picked else ""
    if value == sheet.value(question.key) or (question.required and not picked):
        return
    await access.sheets(ctx).save_answer(
        DossierScope.of(sheet),
        sheet.id,
        question.key,
        value,
        seen_version=ctx.data.get("v", 0),
        by=ctx.person.telegram_id,
        now=ctx.now,
    )


def toggle_choice(ctx: Context, sheet: ActionSheet, question: Question, choice: int) -> Replies:
    if choice >= len(question.choices):
        raise StaleButton(ctx.event.callback_data)
    picked = list(ctx.data.get("sel", []))
    value = question.choices[choice]
    picked = [p for p in picked if p != value] if value in picked else [*picked, value]
    ctx.update_data(sel=picked)  # same step and token: the other buttons stay valid
    text = ask.question_text(ctx, sheet, ctx.data["i"])
    buttons = ask.question_buttons(ctx, sheet, question, ctx.data.get("mode", ask.FILL))
    if ctx.event.message_id is not None:
        return [EditText(ctx.event.message_id, text, buttons)]
    return [SendText(text, buttons)]
