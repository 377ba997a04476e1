"""Free text typed outside any flow: answer from the FAQ, suggest, decline, or offer to ask staff.

Buttons: `faq:q:<entry>` (show an entry), `faq:more:<entry>` (its longer part),
`faq:fwd:<key>` (forward the question the button was sent under; `faq:fwd` alone, from older
messages: the last one), `faq:none` (none of the suggestions: say it
otherwise or forward), `faq:no`, `faq:do:mesdonnees` (run /mesdonnees),
`menu:faq` (ask). An entry's `action` adds the step the answer leads to: `menu:webinaire`
(« S'inscrire », only while a session is open), `menu:fiches`, `faq:do:mesdonnees`.
"""

from __future__ import annotations

import secrets

from faq import KnowledgeBaseHolder, Outcome
from faq.knowledge import Entry
from handlers.core import texts as core_texts
from handlers.core.context import Context
from handlers.core.events import Button, SendText
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, shorten, split_data
from handlers.home.router import MENU
from handlers.questions import texts
from handlers.questions.forwarding import forward_to_staff
from handlers.questions.router import DEEPLINK, FAQ, router
from handlers.questions.values import placeholder_values

BUTTON_CHARS = 60  # a question shown on a button
KEPT_QUESTIONS = 5  # the questions still forwardable from their own button (conversation data)


def _holder(ctx: Context) -> KnowledgeBaseHolder:
    return ctx.content.faq


def _forward_keyboard(key: str = ""):
    return [[_forward_button(key)], [btn(texts.NO_THANKS, f"{FAQ}:no")]]


def _forward_button(key: str = "") -> Button:
    return btn(texts.FORWARD, f"{FAQ}:fwd:{key}" if key else f"{FAQ}:fwd")


def _remember(ctx: Context, question: str) -> str:
    """Keep `question` for « Transmettre » (the latest also as `faq_question`); returns the key its
    button carries, so that a button under an older answer forwards that older question."""
    key = secrets.token_hex(3)
    kept = dict(ctx.data.get("faq_asked") or {})
    kept[key] = question
    ctx.update_data(faq_question=question, faq_asked=dict(list(kept.items())[-KEPT_QUESTIONS:]))
    return key


COMMAND_ACTIONS = {  # action -> command run by `faq:do:<action>`
    "mesdonnees": "mesdonnees",
    "mesinscriptions": "mesinscriptions",
    "rappels": "rappels",
    "ecrire": "ecrire",
}


def command_action(action: str) -> str:
    """The callback data of a button that runs the command of `action` (`COMMAND_ACTIONS`), from any screen."""
    return f"{FAQ}:do:{action}"


def write_button() -> Button:
    """« ✉️ Écrire à l'équipe »: /ecrire, for a message that needs a person (a refusal…)."""
    return btn(texts.WRITE, command_action("ecrire"))


def action_button(ctx: Context, entry: Entry) -> Button | None:
    """The button for the step the entry's answer leads to, if any (see `faq.validation.ACTIONS`)."""
    if entry.action == "webinaire":
        if not ctx.content.webinars.open_sessions(ctx.now):
            return None  # the answer says no session is announced; nothing to register for
        return btn(texts.REGISTER_WEBINAR, f"{MENU}:webinaire")
    if entry.action == "fiches":
        return btn(texts.MY_SHEETS, f"{MENU}:fiches")
    if entry.action in COMMAND_ACTIONS:
        labels = {"mesdonnees": texts.MY_DATA, "rappels": texts.MY_REMINDERS, "ecrire": texts.WRITE}
        return btn(labels.get(entry.action, texts.MY_REGISTRATIONS), command_action(entry.action))
    return None


def _key_of_latest(ctx: Context) -> str:
    latest = ctx.data.get("faq_question")
    return next((k for k, q in (ctx.data.get("faq_asked") or {}).items() if q == latest), "")


def answer_entry(ctx: Context, entry: Entry, forward_key: str = "") -> SendText:
    values = placeholder_values(ctx)
    rows = []
    action = action_button(ctx, entry)
    if action is not None:
        rows.append([action])
    if entry.more:
        rows.append([btn(texts.MORE, f"{FAQ}:more:{entry.id}")])
    if entry.unknown:
        rows.append([_forward_button(forward_key)])
    kb = _holder(ctx).kb
    for related in entry.related[:2]:
        if related in kb:
            rows.append([btn(f"➜ {shorten(kb[related].question, BUTTON_CHARS)}", f"{FAQ}:q:{related}")])
    return SendText(entry.render(values, default="—"), rows)


def best_entries(holder: KnowledgeBaseHolder, text: str, count: int) -> list[Entry]:
    """The entries ranked best for `text`, whatever the confidence (staff and inline use)."""
    entries = holder.kb.entries
    return [entries[scored.entry] for scored in holder.matcher.rank(text)[:count]]


@router.deeplink(DEEPLINK)
async def ask_question(ctx: Context) -> Replies:
    return [SendText(texts.ASK)]


@router.text()
async def free_text(ctx: Context) -> Replies:
    text = ctx.event.text.strip()
    result = _holder(ctx).match(text)
    if result.outcome is Outcome.SMALLTALK:
        kind = result.smalltalk.value if result.smalltalk else "greeting"
        reply = SendText(texts.SMALLTALK.get(kind, texts.SMALLTALK["greeting"]))
        return [reply, *await ctx.dispatcher.menu(ctx)] if kind == "lost" else [reply]
    if result.outcome is Outcome.ANSWER:
        key = _remember(ctx, text) if any(entry.unknown for entry in result.answers) else ""
        replies: Replies = [answer_entry(ctx, entry, key) for entry in result.answers]
        if ctx.data.get("faq_rephrasing"):
            ctx.update_data(faq_rephrasing=None)
        return replies
    key = _remember(ctx, _with_first_wording(ctx, text))
    ctx.update_data(faq_rephrasing=None)
    if result.outcome is Outcome.OUT_OF_SCOPE:
        rows = [[_forward_button(key)], [btn(core_texts.MAIN_MENU_BUTTON, f"{MENU}:menu")]]
        return [SendText(texts.OUT_OF_SCOPE, rows)]
    if result.outcome is Outcome.SUGGEST and result.suggestions:
        rows = [[btn(shorten(e.question, BUTTON_CHARS), f"{FAQ}:q:{e.id}")] for e in result.suggestions[:3]]
        rows.append([btn(texts.NONE_OF_THESE, f"{FAQ}:none")])
        return [SendText(texts.DID_YOU_MEAN, rows)]
    rows = _forward_keyboard(key)
    for entry in result.suggestions[:1]:  # the entry on the subject that does not give what is asked
        rows.insert(1, [btn(f"➜ {shorten(entry.question, BUTTON_CHARS)}", f"{FAQ}:q:{entry.id}")])
    return [SendText(texts.NOT_GIVEN if result.suggestions else texts.UNKNOWN, rows)]


def _with_first_wording(ctx: Context, text: str) -> str:
    """After « Aucune de celles-ci », staff get both wordings if the new one is not understood either."""
    first = ctx.data.get("faq_question") if ctx.data.get("faq_rephrasing") else None
    return f"{first}\n(puis : {text})" if first and first != text else text


@router.callback(FAQ)
async def faq_button(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    action = parts[1] if len(parts) > 1 else ""
    if action in ("q", "more") and len(parts) == 3:
        entry = _holder(ctx).kb.get(parts[2])
        if entry is None:
            raise StaleButton(parts[2])
        if action == "q":
            return [answer_entry(ctx, entry)]
        if not entry.more:
            raise StaleButton(parts[2])
        return [SendText(entry.render_more(placeholder_values(ctx), default="—"))]
    if action == "fwd" and len(parts) in (2, 3):
        key = parts[2] if len(parts) == 3 else _key_of_latest(ctx)  # `faq:fwd` alone: from an older message
        kept = dict(ctx.data.get("faq_asked") or {})
        # `faq:fwd` alone may also come from a conversation stored before questions were kept by key
        question = kept.pop(key, None) or (ctx.data.get("faq_question") if len(parts) == 2 else None)
        if not question:
            already = key in (ctx.data.get("faq_sent") or []) or (len(parts) == 2 and ctx.data.get("forwarded"))
            return [SendText(texts.ALREADY_FORWARDED if already else texts.NOTHING_TO_FORWARD)]
        latest = None if question == ctx.data.get("faq_question") else ctx.data.get("faq_question")
        sent = [*(ctx.data.get("faq_sent") or []), key][-KEPT_QUESTIONS:]
        ctx.update_data(faq_question=latest, faq_asked=kept, faq_sent=sent, forwarded=True)
        shown = texts.FORWARDED_QUOTED.format(question=escape_question(question, 200))
        return [SendText(shown), *await forward_to_staff(ctx, question)]
    if action == "none" and len(parts) == 2:
        if not ctx.data.get("faq_question"):
            return [SendText(texts.NOTHING_TO_FORWARD if not ctx.data.get("forwarded") else texts.ALREADY_FORWARDED)]
        ctx.update_data(faq_rephrasing=True)
        return [SendText(texts.REPHRASE, _forward_keyboard(_key_of_latest(ctx)))]
    if action == "no" and len(parts) == 2:
        ctx.update_data(faq_question=None)
        return [SendText(texts.OK_NO_FORWARD)]
    if action == "do" and len(parts) == 3 and parts[2] in COMMAND_ACTIONS:
        if COMMAND_ACTIONS[parts[2]] not in ctx.dispatcher.commands:
            raise StaleButton(parts[2])
        return await ctx.dispatcher.run_command(ctx, COMMAND_ACTIONS[parts[2]])  # as if typed: a flow says what it kept
    raise StaleButton(ctx.event.callback_data)


def escape_question(text: str, limit: int = 300) -> str:
    return esc(shorten(text, limit))
