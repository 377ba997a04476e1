"""Staff side of questions: list open ones, answer (relayed to the asker), attach as a phrasing, reload the FAQ.

The answer reaches the asker through the outbox (committed with the question marked answered,
retried, sent once); the staff member who wrote it is told the real outcome: delivered, blocked,
or failed after the retries. A press on an answered question shows where its answer stands.
"""

from __future__ import annotations

from faq import KnowledgeBaseHolder
from handlers.core.context import Context
from handlers.core.events import Kind, SendText
from handlers.core.guards import staff_only
from handlers.core.notices import delivery_of, notify, report_to
from handlers.core.router import Replies
from handlers.core.ui import StaleButton, btn, esc, int_arg, shorten, split_data, step_button
from handlers.questions import texts
from handlers.questions.chat import BUTTON_CHARS, best_entries, escape_question
from handlers.questions.forwarding import who
from handlers.questions.router import FLOW, STAFF, STAFF_ANSWER, Step, router
from storage.models import OutboxStatus
from storage.models.faq import ForwardedQuestion
from storage.repositories import FaqRepository

ANSWER_MAX = 3000
ANSWER_QUEUED = "📨 Réponse enregistrée : je la transmets à {who} et vous dirai quand elle est remise."
REPORT_SENT = "✅ Votre réponse a été remise à {name}."
REPORT_BLOCKED = "⚠️ {name} a bloqué le bot : réponse non remise."
REPORT_FAILED = "⚠️ Votre réponse à {name} n'a pas pu être remise."
DELIVERY_WORDS = {
    OutboxStatus.PENDING: "en cours d'envoi",
    OutboxStatus.SENDING: "en cours d'envoi",
    OutboxStatus.SENT: "remise ✅",
    OutboxStatus.BLOCKED: "non remise : la personne a bloqué le bot ⚠️",
    OutboxStatus.FAILED: "non remise ⚠️",
    OutboxStatus.EXPIRED: "non remise ⚠️",
    OutboxStatus.CANCELLED: "non remise (données effacées)",
}


def answer_key(question: ForwardedQuestion) -> str:
    return f"faq:answer:{question.id}"


def _holder(ctx: Context) -> KnowledgeBaseHolder:
    return ctx.content.faq


async def _open_question(ctx: Context, raw_id: str) -> ForwardedQuestion:
    if not ctx.is_staff:
        raise StaleButton(raw_id)
    question = await FaqRepository(ctx.session).get(int_arg(raw_id))
    if question is None:
        raise StaleButton(raw_id)
    return question


async def _asker_label(ctx: Context, question: ForwardedQuestion) -> str:
    asker = await ctx.people.get(question.asker_telegram_id)
    return who(asker) if asker else str(question.asker_telegram_id)


@router.command("questions", description="Questions en attente de réponse", staff=True)
async def list_questions(ctx: Context) -> Replies:
    repo = FaqRepository(ctx.session)
    questions = await repo.open_questions(limit=10)
    if not questions:
        return [SendText(texts.STAFF_LIST_EMPTY)]
    replies: Replies = [SendText(texts.STAFF_LIST_HEADER.format(count=await repo.count_open()))]
    for question in questions:
        local = question.asked_at.astimezone(ctx.services.timezone).strftime("%d/%m %H:%M")
        replies.append(
            SendText(
                f"#{question.id} · {local} · {await _asker_label(ctx, question)}\n« {escape_question(question.text)} »",
                [
                    [
                        btn("✍️ Répondre", f"{STAFF}:ans:{question.id}"),
                        btn("🔗 Rattacher", f"{STAFF}:att:{question.id}"),
                    ],
                    [btn("Clore sans réponse", f"{STAFF}:close:{question.id}")],
                ],
            )
        )
    return replies


@router.callback(STAFF)
async def staff_question_button(ctx: Context) -> Replies:
    parts = split_data(ctx.event.callback_data)
    if len(parts) < 3:
        raise StaleButton(ctx.event.callback_data)
    action, question = parts[1], await _open_question(ctx, parts[2])
    if question.status != "open" and action != "link":
        return [SendText(await _already_handled(ctx, question))]
    shown = escape_question(question.text)
    if action == "ans" and len(parts) == 3:
        unsent = await left_answer(ctx)  # an answer previewed for another question is not sent
        ctx.start_flow(FLOW, Step.ANSWER, {"question_id": question.id})
        ask = texts.STAFF_ASK_ANSWER.format(who=await _asker_label(ctx, question), question=shown)
        return [*unsent, SendText(ask)]
    if action == "att" and len(parts) == 3:
        rows = [
            [btn(shorten(entry.question, BUTTON_CHARS), f"{STAFF}:link:{question.id}:{entry.id}")]
            for entry in best_entries(_holder(ctx), question.text, 3)
        ]
        rows.append([btn(texts.STAFF_KEEP, f"{STAFF}:keep:{question.id}")])  # a way back
        return [SendText(texts.STAFF_CHOOSE_ENTRY.format(question=shown), rows)]
    if action == "link" and len(parts) == 4:
        entry = _holder(ctx).kb.get(parts[3])
        if entry is None:
            raise StaleButton(parts[3])
        FaqRepository(ctx.session).learn(entry.id, question.text, ctx.person.telegram_id, ctx.now)
        question.attached_entry_id = entry.id
        _holder(ctx).add_extra_phrasing(entry.id, question.text)
        ctx.audit.log(ctx.person.telegram_id, "faq_attach_phrasing", f"question:{question.id}", entry=entry.id)
        return [SendText(texts.STAFF_ATTACHED.format(question=shown, entry=esc(entry.question)))]
    if action == "close" and len(parts) == 3:
        ask = texts.STAFF_CLOSE_CONFIRM.format(who=await _asker_label(ctx, question), question=shown)
        rows = [
            [btn(texts.STAFF_CLOSE_TELL, f"{STAFF}:closen:{question.id}")],
            [btn(texts.STAFF_CLOSE_SILENT, f"{STAFF}:closes:{question.id}")],
            [btn(texts.STAFF_KEEP, f"{STAFF}:keep:{question.id}")],
        ]
        return [SendText(ask, rows)]
    if action in ("closen", "closes") and len(parts) == 3:
        return await _close(ctx, question, tell=action == "closen")
    if action == "keep" and len(parts) == 3:
        return [SendText(texts.STAFF_KEPT)]
    raise StaleButton(ctx.event.callback_data)


async def _close(ctx: Context, question: ForwardedQuestion, *, tell: bool) -> Replies:
    """Closed without an answer; the asker, who was told « l'équipe vous répondra », is told it
    was read (unless spam or a duplicate), through the outbox, once."""
    question.status = "closed"
    question.answered_by, question.answered_at = ctx.person.telegram_id, ctx.now
    ctx.audit.log(ctx.person.telegram_id, "faq_close_question", f"question:{question.id}", told=tell)
    if not tell:
        return [SendText(texts.STAFF_CLOSED)]
    told = texts.ASKER_CLOSED.format(question=escape_question(question.text))
    await notify(ctx, question.asker_telegram_id, told, key=f"faq:closed:{question.id}", kind="faq_answer")
    return [SendText(texts.STAFF_CLOSED_TOLD.format(who=await _asker_label(ctx, question)))]


router.guard(FLOW)(staff_only)  # removed from the team while writing: the answer is not sent


@router.prompt(FLOW)
async def prompt_answer(ctx: Context) -> Replies:
    question = await FaqRepository(ctx.session).get(int(ctx.data.get("question_id", 0)))
    if question is None:
        ctx.end_flow()
        return []
    if ctx.step == Step.CONFIRM:
        return await preview(ctx, question, str(ctx.data.get("answer", "")))
    return [
        SendText(
            texts.STAFF_ASK_ANSWER.format(
                who=await _asker_label(ctx, question), question=escape_question(question.text)
            )
        )
    ]


@router.leave(FLOW)
async def left_answer(ctx: Context) -> Replies:
    """Leaving the preview (/menu, /annuler, another question): the answer was not sent, say so."""
    if ctx.flow != FLOW or ctx.step != Step.CONFIRM:
        return []
    question = await FaqRepository(ctx.session).get(int(ctx.data.get("question_id", 0)))
    who = await _asker_label(ctx, question) if question is not None else ""
    return [SendText(texts.STAFF_NOT_SENT.format(who=who))]


@router.step(FLOW, Step.ANSWER)
@router.step(FLOW, Step.CONFIRM)  # typed at the preview: the corrected answer, previewed in its turn
async def answer_typed(ctx: Context) -> Replies:
    if ctx.event.kind is not Kind.TEXT or not ctx.event.text.strip():
        return [SendText("J'attends le texte de votre réponse."), *await prompt_answer(ctx)]
    answer = ctx.event.text.strip()
    if len(answer) > ANSWER_MAX:
        return [SendText(f"Votre réponse fait {len(answer)} caractères ; {ANSWER_MAX} au plus, s'il vous plaît.")]
    question = await FaqRepository(ctx.session).get(int(ctx.data["question_id"]))
    if question is None or question.status != "open":
        ctx.end_flow()
        return [SendText(await _already_handled(ctx, question) if question else texts.STAFF_ALREADY_ANSWERED)]
    ctx.goto(Step.CONFIRM, answer=answer)
    return await preview(ctx, question, answer)


async def preview(ctx: Context, question: ForwardedQuestion, answer: str) -> Replies:
    """The answer exactly as the asker will read it, sent only on « Envoyer » (a typo to a mayor
    cannot be taken back)."""
    tok = ctx.token
    rows = [
        [btn(texts.STAFF_SEND, f"{STAFF_ANSWER}:{tok}:send")],
        [btn(texts.STAFF_EDIT, f"{STAFF_ANSWER}:{tok}:edit"), btn(texts.STAFF_DROP, f"{STAFF_ANSWER}:{tok}:drop")],
    ]
    return [
        SendText(texts.STAFF_PREVIEW.format(who=await _asker_label(ctx, question))),
        SendText(_relay(question, answer), rows),
    ]


@router.callback(STAFF_ANSWER)
async def preview_pressed(ctx: Context) -> Replies:
    _, _, action = step_button(ctx, FLOW, parts=range(3, 4), steps=(Step.CONFIRM,))
    question = await FaqRepository(ctx.session).get(int(ctx.data.get("question_id", 0)))
    if action == "edit" and question is not None:
        ctx.goto(Step.ANSWER)
        return await prompt_answer(ctx)
    if action == "drop":
        ctx.end_flow()
        return [SendText(texts.STAFF_DROPPED)]
    if action != "send":
        raise StaleButton(ctx.event.callback_data)
    answer = str(ctx.data.get("answer", ""))
    ctx.end_flow()
    if question is None:
        return [SendText(texts.STAFF_ALREADY_ANSWERED)]
    if question.status != "open":
        return [SendText(await _already_handled(ctx, question))]
    # Marked answered now (nobody else answers it); the outcome of the relay is told to the
    # staff member, and shown on the question (`_already_handled`).
    question.status, question.answer = "answered", answer
    question.answered_by, question.answered_at = ctx.person.telegram_id, ctx.now
    ctx.audit.log(ctx.person.telegram_id, "faq_answer_question", f"question:{question.id}")
    name = await _asker_name(ctx, question)
    report = report_to(
        ctx.person.telegram_id,
        sent=REPORT_SENT.format(name=name),
        blocked=REPORT_BLOCKED.format(name=name),
        failed=REPORT_FAILED.format(name=name),
    )
    relay = _relay(question, answer)
    await notify(ctx, question.asker_telegram_id, relay, key=answer_key(question), report=report, kind="faq_answer")
    return [SendText(ANSWER_QUEUED.format(who=await _asker_label(ctx, question)))]


def _relay(question: ForwardedQuestion, answer: str) -> str:
    return texts.ASKER_ANSWER.format(question=escape_question(question.text), answer=esc(answer))


async def _asker_name(ctx: Context, question: ForwardedQuestion) -> str:
    asker = await ctx.people.get(question.asker_telegram_id)
    name = (asker.profile_name or asker.display_name) if asker else ""
    return esc(name or str(question.asker_telegram_id))


async def _already_handled(ctx: Context, question: ForwardedQuestion) -> str:
    status = await delivery_of(ctx, answer_key(question)) if question.status == "answered" else None
    if status is None:
        return texts.STAFF_ALREADY_ANSWERED
    return f"{texts.STAFF_ALREADY_ANSWERED}\nRéponse : {DELIVERY_WORDS[status]}"


@router.command("recharger_faq", description="Recharger la FAQ depuis son fichier", staff=True)
async def reload_faq(ctx: Context) -> Replies:
    report = _holder(ctx).reload()
    _holder(ctx).set_extra_phrasings(await FaqRepository(ctx.session).learned_phrasings())
    ctx.audit.log(ctx.person.telegram_id, "faq_reload", ok=report.ok)
    return [SendText(esc(report.message))]
