"""Memberships end to end, through aiogram and python-telegram-bot against the fake Bot API: a
stranger who declares the collectivity sees none of its sheets, even with forged buttons; the
staff-approval journey and the invitation journey complete; a removal takes effect at once."""

from __future__ import annotations

import re

from bot.workers.outbox import OutboxWorker
from tests.conftest import STAFF_ID
from tests.fakebotapi.models import BOT_USERNAME
from tests.support.review import submitted_sheet
from tests.support.sheets import join

MARIE, KARIM, NADIA = 4801, 4802, 4803
STALE = "Cette action n'est plus disponible."


def outbox(telegram, clock) -> OutboxWorker:
    return OutboxWorker(telegram.app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)


async def test_a_stranger_sees_nothing_then_staff_approve_the_request(telegram, clock):
    sheet_id = await submitted_sheet(telegram.app, MARIE, answers={"titre": "Portail famille secret"})
    await join(telegram.app.sessions, KARIM, name="Karim Benali", member=False)
    karim, staff = telegram.user(KARIM, "Karim"), telegram.user(STAFF_ID, "Équipe")

    await karim.send("/fiches")
    screen = await karim.reply()
    assert "réservé à ses membres" in screen.text and "secret" not in screen.text
    for forged in (f"shd:o:{sheet_id}", "shd:x", "shd:m"):
        await karim.press_data(forged, message_id=screen.message_id)
        assert (await karim.callback_answer()).text == STALE
        assert "secret" not in (await karim.reply()).text
    await karim.press("📨 Demander l'accès", screen)
    sent, dossier = await karim.replies(2)
    assert "entre les mains" not in sent.text and "transmise à ses membres" in sent.text
    assert "Accès en attente de validation" in dossier.text

    await outbox(telegram, clock).run_once()
    notice = await staff.reply()
    assert "Demande d'accès au dossier d'Albi" in notice.text and "Karim Benali" in notice.text
    assert notice.button_labels == ["✅ Accepter", "❌ Refuser"]
    await staff.press("✅ Accepter", notice)
    asked = await staff.reply()
    assert "Donner accès au dossier d'Albi à Karim Benali" in asked.text  # one tap gives every sheet: asked
    await staff.press("✅ Oui, donner l'accès", asked)
    assert "a maintenant accès au dossier d'Albi" in (await staff.reply()).text

    await outbox(telegram, clock).run_once()
    for message in await karim.replies(1):
        assert "Votre accès au dossier d'Albi est validé" in message.text
    await karim.press("📋 Mon dossier")
    assert "🟩 Éducation : 1 fiche" in (await karim.reply()).text


async def test_a_colleague_joins_by_invitation_and_a_removal_takes_effect_at_once(telegram, clock):
    await submitted_sheet(telegram.app, MARIE, answers={"titre": "Portail famille"})
    marie = telegram.user(MARIE, "Marie")
    await marie.send("/inviter")
    link = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=(inv_[A-Za-z0-9_-]+)", (await marie.reply()).text)
    assert link is not None

    nadia = telegram.user(NADIA, "Nadia", last_name="Martin")
    await nadia.send(f"/start {link.group(1)}")
    intro, consent = await nadia.replies(2)
    assert "invité·e à rejoindre le dossier d'Albi" in intro.text
    await nadia.press("✅ J'accepte", consent)
    await nadia.press("✔️ Nadia Martin", await nadia.reply())
    await nadia.press("Agent·e", await nadia.reply())
    await nadia.reply()
    await nadia.send("nadia@mairie-albi.fr")
    hello, welcome = await nadia.replies(2)
    assert "Bienvenue dans le dossier d'Albi" in hello.text and "🟩 Éducation : 1 fiche" in welcome.text
    await outbox(telegram, clock).run_once()
    assert "Nadia Martin (Agent·e, nadia@mairie-albi.fr) a rejoint le dossier d'Albi" in (await marie.reply()).text

    await marie.send("/equipe")
    team = await marie.reply()
    assert "Nadia Martin" in team.text
    await marie.press("Retirer Nadia Martin", team)
    await marie.press("Oui, retirer", await marie.reply())
    assert "n'a plus accès au dossier d'Albi" in (await marie.reply()).text

    await nadia.press("Éducation (1)", welcome)  # a button of the dossier, drawn before the removal
    assert (await nadia.callback_answer()).text == STALE
    assert "réservé à ses membres" in (await nadia.reply()).text
