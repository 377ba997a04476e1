"""The profile questions, one per message: consent, name, role, e-mail, collectivity.

Only the missing fields of `need` are asked; each answer is saved at once (nothing is lost on
/annuler), then the profile is read back for confirmation, or the calling feature resumes
(`register_resume`: e.g. the webinar shows its own summary, profile included).
Flow data: then (feature to open after), need, confirm, resume, only (one field being
edited), offered (collectivity codes shown as buttons).
"""

from __future__ import annotations

import asyncio

from handlers.content.collectivities import CollectivityDirectory
from handlers.content.departments import with_department_code
from handlers.core import screens, texts
from handlers.core.context import Context
from handlers.core.events import Button, Kind, SendText
from handlers.core.french import enumeration
from handlers.core.personal_data import kept_and_why
from handlers.core.router import Replies
from handlers.core.screens import normalise
from handlers.core.ui import StaleButton, btn, column, esc, step_button
from handlers.home.menu import menu_keyboard, open_feature, show_menu
from handlers.profile.fields import (
    ALL_FIELDS,
    FIELD_LABELS,
    check_email,
    check_name,
    likely_meant,
    missing_fields,
    summary,
)
from handlers.profile.router import FLOW, PROFILE, Step, router
from storage.models import Role
from storage.repositories import CollectivityRepository

QUESTIONS = {
    "consent": (
        "Avant tout, j'ai besoin de votre accord : acceptez-vous que l'association Villes Internet "
        "conserve vos nom, fonction, e-mail et collectivité pour le label ?"
    ),
    "name": "Quels sont vos prénom et nom ?",
    "role": "Quelle est votre fonction ?",
    "email": "Quelle est votre adresse e-mail ?",
    "collectivity": (
        "Quelle est votre collectivité ? Écrivez son nom ou son code postal, "
        "par exemple « Albi », « 81000 » ou « CA de l'Albigeois »."
    ),
}
# Why a typed-in field is asked, for « pourquoi vous voulez mon mail ? » typed at its question.
WHY = {
    "name": (
        "Votre nom figure sur vos inscriptions et sur les fiches que vous remplissez : vos collègues et "
        "l'équipe du label savent ainsi qui les a écrites."
    ),
    "email": (
        "Votre adresse e-mail permet à l'équipe du label de vous recontacter au sujet de votre participation. "
        "Elle est visible de l'équipe et des membres du dossier de votre collectivité, de personne d'autre."
    ),
    "collectivity": (
        "Votre collectivité relie vos fiches actions à son dossier, que seuls ses membres reconnus lisent, "
        "et dit à l'équipe du label pour qui vous agissez."
    ),
}
# Said back to « Et votre nom de famille ? » to keep the one word given: « non », « c'est tout », « ça suffit ».
KEEP_ONE_WORD = screens.YES_WORDS | screens.NO_WORDS | screens.POLITE_WORDS | {"ca", "suffit", "juste"}
ONE_WORD_NAME = (
    "Et votre nom de famille ? Écrivez vos prénom et nom, par exemple « Marie Dupont » "
    "(ou renvoyez « {name} » si cela suffit)."
)
DOUBTED_EMAIL = "Vouliez-vous écrire <b>{meant}</b> ? Renvoyez l'adresse corrigée, ou la même si elle est juste."
WHY_WORDS = ("pourquoi", "a quoi sert", "a quoi ca sert", "pour quoi faire", "c est pour quoi", "c est obligatoire")
WAY_OUT = "\n\n<i>/annuler pour arrêter : ce que vous avez déjà donné est gardé.</i>"
PICK = "Laquelle est-ce ? Touchez la bonne, ou écrivez un autre nom."
NOT_FOUND = (
    "Je ne trouve aucune collectivité pour « {query} ». Vérifiez l'orthographe, ou écrivez le code postal (5 chiffres)."
)
RETYPE = "D'accord. Écrivez le nom autrement (sans abréviation), ou le code postal."
CONSENT_REFUSED = (
    "Entendu : je n'enregistre pas vos informations. Sans votre accord, je ne peux pas vous inscrire ni remplir "
    "vos fiches, mais vous pouvez toujours me poser vos questions sur le label."
)
SAVED = "Merci, c'est enregistré."
INCOMPLETE = "Il manque : {fields}. Voulez-vous compléter maintenant ?"
LATER = "D'accord. Vous pourrez compléter vos informations quand vous voudrez avec /profil."


def directory(ctx: Context) -> CollectivityDirectory:
    return ctx.content.collectivities


def _b(ctx: Context, label: str, action: str) -> Button:
    return btn(label, f"{PROFILE}:{ctx.token}:{action}")


@router.leave(FLOW)
async def profile_left(ctx: Context) -> Replies:
    """Left for a command: what was given is kept; the feature waiting for the profile says what is pending."""
    if ctx.data.get("resume") is None:
        return []
    pending = ctx.dispatcher.resume_leaves.get(ctx.data.get("then", ""), "")
    if ctx.event.command and f"/{ctx.event.command}" in pending.split():
        return []  # « … pas terminée : /webinaire » to someone typing /webinaire: she is already on her way
    return [SendText(pending)] if pending else []


# -- questions -----------------------------------------------------------------------
@router.prompt(FLOW)
async def ask(ctx: Context) -> Replies:
    """Show the question of the current step."""
    step = ctx.step or ""
    if step == Step.CONSENT:
        keyboard = column(
            _b(ctx, "✅ J'accepte", "consent:yes"),
            _b(ctx, "ℹ️ Ce que je conserve, et pourquoi", "why"),
            _b(ctx, "Non merci", "consent:no"),
        )
        return [SendText(QUESTIONS["consent"], keyboard)]
    if step == Step.NAME:
        person = ctx.person
        keyboard = []
        if person.first_name and person.last_name:  # a full name from Telegram: one tap
            keyboard = column(_b(ctx, f"✔️ {person.first_name} {person.last_name}"[:60], "me"))
        return [
            SendText(
                QUESTIONS["name"] + (" Touchez votre nom s'il est juste, ou écrivez-le." if keyboard else "") + WAY_OUT,
                keyboard,
            )
        ]
    if step == Step.ROLE:
        return [
            SendText(QUESTIONS["role"], column(*(_b(ctx, texts.ROLE_LABELS[r.value], f"role:{r.value}") for r in Role)))
        ]
    if step in (Step.EMAIL, Step.COLLECTIVITY):
        return [SendText(QUESTIONS[step] + WAY_OUT)]
    if step == Step.PICK:
        entries = [directory(ctx).get(code) for code in ctx.data.get("offered", [])]
        buttons = [_b(ctx, e.label[:60], f"col:{e.code}") for e in entries if e is not None]
        return [SendText(PICK, column(*buttons, _b(ctx, "Aucune de celles-ci", "retype")))]
    if step == Step.SUMMARY:
        return await show_summary(ctx)
    if step == Step.FIELDS:
        buttons = [_b(ctx, label, f"ask:{field}") for field, label in FIELD_LABELS.items()]
        return [SendText("Que voulez-vous modifier ?", column(*buttons, _b(ctx, "↩️ Retour", "back")))]
    ctx.end_flow()
    return await show_menu(ctx)


async def show_summary(ctx: Context) -> Replies:
    collectivity = (
        await CollectivityRepository(ctx.session).get(ctx.person.collectivity_id)
        if ctx.person.collectivity_id
        else None
    )
    needed = ctx.data.get("need", ALL_FIELDS)  # a feature asks what it needs: the rest is not missing for it
    lacking = [FIELD_LABELS[f].lower() for f in missing_fields(ctx.person, needed) if f in FIELD_LABELS]
    if lacking:  # « Est-ce correct ? » would be an odd question about a half-empty card
        keyboard = column(
            _b(ctx, "✅ Oui, compléter maintenant", "fill"),
            _b(ctx, "✏️ Modifier", "edit"),
            _b(ctx, "Non, plus tard", "ok"),
        )
        text = summary(ctx.person, collectivity) + "\n\n" + INCOMPLETE.format(fields=enumeration(lacking))
        return [SendText(text, keyboard)]
    keyboard = column(_b(ctx, "✅ C'est correct", "ok"), _b(ctx, "✏️ Modifier", "edit"))
    return [SendText(summary(ctx.person, collectivity) + "\n\nEst-ce correct ?", keyboard)]


async def advance(ctx: Context) -> Replies:
    """After an answer: the next missing field, else the summary or the calling feature."""
    if ctx.data.get("only"):
        ctx.update_data(only=None)
    else:
        missing = missing_fields(ctx.person, ctx.data.get("need", []))
        if missing:
            ctx.goto(missing[0])
            return await ask(ctx)
    if ctx.data.get("confirm", True):
        ctx.goto(Step.SUMMARY)
        return await show_summary(ctx)
    return await finish(ctx)


async def finish(ctx: Context) -> Replies:
    then, resume, needed = ctx.data.get("then", ""), ctx.data.get("resume"), ctx.data.get("need", ALL_FIELDS)
    ctx.end_flow()
    handler = ctx.dispatcher.resumes.get(then)
    if resume is not None and handler is not None:
        return await handler(ctx, resume)
    if then:
        return [SendText(SAVED), *await open_feature(ctx, then)]
    if missing_fields(ctx.person, needed):
        return [SendText(LATER, menu_keyboard())]
    return [SendText("Votre profil est à jour.", menu_keyboard())]


# -- typed answers ---------------------------------------------------------------------
@router.step(FLOW)
async def profile_typed(ctx: Context) -> Replies:
    event = ctx.event
    step = ctx.step
    if event.kind is not Kind.TEXT:
        if step in (Step.NAME, Step.EMAIL, Step.COLLECTIVITY, Step.PICK):
            reason = texts.EXPECTED_TEXT_IN_FLOW.get(event.kind.value, texts.EXPECTED_TEXT_IN_FLOW["other"])
            return [SendText(reason), *await ask(ctx)]
        return [SendText(texts.TAP_A_BUTTON), *await ask(ctx)]
    text = event.text
    if step in (Step.NAME, Step.EMAIL, Step.COLLECTIVITY) and "@" not in text and asks_why(text):
        return [SendText(WHY[step]), *await ask(ctx)]  # « pourquoi vous voulez mon mail ? »: not an answer
    if step == Step.NAME:
        name, why = check_name(text)
        if name is None:
            return [SendText(why)]
        first = ctx.data.get("one_word")
        if first:  # « Marie », then asked for the family name
            ctx.update_data(one_word=None)
            reply = normalise(name)
            if reply == normalise(first) or set(reply.split()) <= KEEP_ONE_WORD:  # « Marie », « non », « c'est tout »
                name = first
            elif len(name.split()) == 1:  # « Dupont »
                name = f"{first} {name}"
        elif len(name.split()) == 1:
            ctx.update_data(one_word=name)
            return [SendText(ONE_WORD_NAME.format(name=esc(name)))]
        ctx.person.profile_name = name
        return await advance(ctx)
    if step == Step.EMAIL:
        address, why = check_email(text)
        if address is None:
            return [SendText(f"{why}\n\n{QUESTIONS['email']}")]
        meant = likely_meant(address)
        if meant is not None and ctx.data.get("doubted") != address:  # sent again as is: it is right
            ctx.update_data(doubted=address)
            return [SendText(DOUBTED_EMAIL.format(meant=esc(meant)))]
        ctx.person.email = address
        return await advance(ctx)
    if step in (Step.COLLECTIVITY, Step.PICK):
        return await search(ctx, text)
    if step == Step.ROLE:
        chosen = next((r for r, label in texts.ROLE_LABELS.items() if text.strip().lower() in (r, label.lower())), None)
        if chosen:
            ctx.person.role = chosen
            return await advance(ctx)
    return [SendText(texts.TAP_A_BUTTON), *await ask(ctx)]


def asks_why(text: str) -> bool:
    """« pourquoi vous voulez mon mail », « c'est obligatoire ? »: a question about the question."""
    said = f" {normalise(text)} "
    return any(f" {words} " in said for words in WHY_WORDS)


async def search(ctx: Context, query: str) -> Replies:
    # ~5 ms of CPU (bench/collectivity_search.py). rapidfuzz keeps the GIL during each of its calls, but in a
    # thread the event loop gets it back between them: other people wait less than the whole search.
    found = await asyncio.to_thread(directory(ctx).search, with_department_code(query))
    if not found:
        ctx.goto(Step.COLLECTIVITY)
        return [SendText(NOT_FOUND.format(query=esc(query.strip()[:80])))]
    only = found[0] if len(found) == 1 else CollectivityDirectory.named_exactly(found, query)
    if only is not None:  # one match (a postal code, the name as typed): confirmed with the summary, not asked
        return await link_collectivity(ctx, only.code)
    ctx.goto(Step.PICK, offered=[e.code for e in found])
    return await ask(ctx)


# -- buttons -------------------------------------------------------------------------
ACTIONS_BY_STEP: dict[str, set[str]] = {
    Step.CONSENT: {"consent", "why"},
    Step.NAME: {"me"},
    Step.ROLE: {"role"},
    Step.PICK: {"col", "retype"},
    Step.SUMMARY: {"ok", "edit", "fill"},
    Step.FIELDS: {"ask", "back"},
}


@router.callback(PROFILE)
async def profile_pressed(ctx: Context) -> Replies:
    parts = step_button(ctx, FLOW, parts=range(3, 5))
    action, arg = parts[2], parts[3] if len(parts) == 4 else ""
    if action not in ACTIONS_BY_STEP.get(ctx.step or "", set()):
        raise StaleButton(ctx.event.callback_data)
    person = ctx.person
    if action == "why":
        return [SendText(kept_and_why(ctx.services.personal_data, staff=ctx.is_staff)), *await ask(ctx)]
    if action == "consent":
        if arg == "yes":
            person.consent_data_at = ctx.now
            return await advance(ctx)
        if arg == "no":
            ctx.end_flow()
            return [SendText(CONSENT_REFUSED, menu_keyboard())]
    if action == "me":
        name, _ = check_name(f"{person.first_name} {person.last_name}")
        if name:
            person.profile_name = name
            return await advance(ctx)
    if action == "role" and arg in texts.ROLE_LABELS:
        person.role = arg
        return await advance(ctx)
    if action == "col" and arg in ctx.data.get("offered", []):
        return await link_collectivity(ctx, arg)
    if action == "retype":
        ctx.goto(Step.COLLECTIVITY)
        return [SendText(RETYPE)]
    if action == "ok":
        return await finish(ctx)
    if action == "fill":
        ctx.update_data(need=list(ALL_FIELDS), only=None)
        return await advance(ctx)
    if action == "edit":
        ctx.goto(Step.FIELDS)
        return await ask(ctx)
    if action == "ask" and arg in FIELD_LABELS:
        ctx.goto(arg, only=arg)
        return await ask(ctx)
    if action == "back":
        return await advance_to_summary(ctx)
    raise StaleButton(ctx.event.callback_data)


async def advance_to_summary(ctx: Context) -> Replies:
    ctx.update_data(only="back")
    return await advance(ctx)


async def link_collectivity(ctx: Context, code: str) -> Replies:
    entry = directory(ctx).get(code)
    if entry is None:  # the directory changed since the buttons were shown
        raise StaleButton(code)
    row = await CollectivityRepository(ctx.session).get_or_create(
        code=entry.code, kind=entry.kind, name=entry.name, department=entry.department, population=entry.population
    )
    ctx.person.collectivity_id = row.id
    return [SendText(f"C'est noté : {esc(entry.name)} ({esc(entry.departments)})."), *await advance(ctx)]
