"""Action sheets end to end, through aiogram and python-telegram-bot against the fake Bot API."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from PIL import Image

from tests.fakebotapi import FakeBotAPI, SimulatedUser
from tests.support.sheets import join, only_sheet
from tests.support.telegram import LIBRARIES, running_bot


async def open_new_sheet(user: SimulatedUser, enjeu: str, service: str) -> None:
    await user.send("/start fiches")
    assert "Fiches actions" in (await user.reply()).text
    await user.press(enjeu)
    assert "Quels services numériques" in (await user.reply()).text
    await user.press(f"⬜ {service}")
    assert f"☑️ {service}" in (await user.reply()).button_labels  # the message is edited in place
    await user.press("✅ Valider (1)")
    assert "Question 1/8" in (await user.reply()).text


async def answer(user: SimulatedUser, text: str) -> str:
    await user.send(text)
    return (await user.reply()).text


async def test_a_full_sheet_with_attachments_then_summary_mosaic_and_exports(telegram):
    await join(telegram.app.sessions, 4301, town="Albi")
    marie = telegram.user(4301, "Marie")
    await open_new_sheet(marie, "Éducation", "Inscriptions scolaires et périscolaires en ligne")
    assert "✅ C'est enregistré (Titre)." in await answer(marie, "Portail <famille> & cantine")
    assert "Question 3/8" in await answer(marie, "Les familles inscrivent leurs enfants en ligne.")
    await marie.press("En cours")
    assert "Question 4/8" in (await marie.reply()).text
    await marie.send_photo(caption="Lancement")
    attached, again = await marie.replies(2)
    assert "📎 Photo jointe" in attached.text and "Question 4/8" in again.text  # the question, asked again
    await marie.send_document("bilan.pdf", b"%PDF-1.4 bilan", "application/pdf")
    assert "(2 pièces jointes)" in (await marie.replies(2))[0].text
    await marie.send_voice()
    voice_notice, question = await marie.replies(2)
    assert "écrivez votre réponse" in voice_notice.text and "Question 4/8" in question.text
    for text in ("300 familles", "Portail famille", "Centre social", "01/09/2025"):
        await answer(marie, text)
    card = await answer(marie, "https://www.albi.fr/famille")
    assert "Portail <famille> & cantine" in card  # shown literally: escaped on the way, parsed by Telegram
    assert "Pièces jointes (2) : photo « Lancement », document « bilan.pdf »" in card

    await marie.press("📨 Soumettre pour relecture")
    assert "Pendant la relecture, vous ne pourrez plus modifier la fiche." in (await marie.reply()).text
    await marie.press("📨 Oui, soumettre")
    submitted, offer = await marie.replies(2)
    assert "soumise pour relecture" in submitted.text
    assert offer.button_labels[1] == "➡️ Enjeu suivant : Démocratie locale"
    sheet = await only_sheet(telegram.app.sessions)
    assert sheet.status == "soumise" and [a.kind for a in sheet.attachments] == ["photo", "document"]

    await marie.press("📋 Mon dossier")
    assert "🟩 Éducation : 1 fiche" in (await marie.reply()).text
    await marie.press("🖼 Voir ma mosaïque")
    picture = await marie.reply()
    assert picture.kind == "photo" and Image.open(io.BytesIO(picture.photo.content)).width == 1080
    await marie.press("📄 Exporter mon dossier")
    _, pdf, xlsx = await marie.replies(3)
    assert pdf.document.content.startswith(b"%PDF") and pdf.document.filename.endswith(".pdf")
    rows = list(load_workbook(io.BytesIO(xlsx.document.content))["Fiches"].iter_rows(values_only=True))
    assert rows[1][1] == "Portail <famille> & cantine"


async def test_edit_from_the_summary_and_isolation_between_collectivities(telegram):
    await join(telegram.app.sessions, 4302)
    await join(telegram.app.sessions, 4303, code="31555", town="Toulouse")
    paul, lea = telegram.user(4302, "Paul"), telegram.user(4303, "Léa")
    await open_new_sheet(paul, "Emploi", "Accès à l'emploi")
    await answer(paul, "Atelier CV")
    await answer(paul, "Chaque mardi.")
    await paul.press("Réalisé")
    await paul.reply()
    for _ in range(5):
        await paul.press("⏭ Passer")
        await paul.reply()
    await paul.press("✏️ Synthèse")
    assert "⬅️ Retour au récapitulatif" in (await paul.reply()).button_labels
    card = await answer(paul, "Chaque mardi, à la médiathèque.")
    assert "Synthèse : Chaque mardi, à la médiathèque." in card

    sheet = await only_sheet(telegram.app.sessions)
    await lea.send("/start fiches")
    assert "Atelier CV" not in (await lea.reply()).text
    await lea.press_data(f"shd:o:{sheet.id}")
    assert (await lea.callback_answer()).text == "Cette action n'est plus disponible."
    notice, dossier = await lea.replies(2)
    assert "Atelier CV" not in notice.text + dossier.text


async def test_a_concurrent_edit_offers_both_answers(telegram):
    await join(telegram.app.sessions, 4304, name="Marie Dupont")
    await join(telegram.app.sessions, 4305, name="Paul Martin")
    marie, paul = telegram.user(4304, "Marie"), telegram.user(4305, "Paul")
    await open_new_sheet(marie, "Innovation", "Territoire intelligent")
    await answer(marie, "Capteurs")
    await paul.send("/start fiches")
    await paul.reply()
    await paul.press("▶️ Reprendre « Capteurs » (question 2/8)")
    await paul.reply()
    await answer(paul, "Version de Paul.")
    conflict = await answer(marie, "Version de Marie.")
    assert "Paul Martin a modifié « Synthèse »" in conflict and "Version de Paul." in conflict
    await marie.press("Garder ma réponse")
    assert "Question 3/8" in (await marie.reply()).text
    assert (await only_sheet(telegram.app.sessions)).value("synthese") == "Version de Marie."


@pytest.mark.parametrize("library", LIBRARIES)
async def test_the_draft_survives_a_restart_and_is_offered_again(library, settings, clock):
    async with FakeBotAPI() as api:
        async with running_bot(api, settings, library, clock) as bot:
            await join(bot.app.sessions, 4306)
            user = bot.user(4306, "Zoé")
            await open_new_sheet(user, "Vie associative", "Développement de la vie associative")
            await answer(user, "Annuaire des associations")
            await answer(user, "Un annuaire en ligne mis à jour par les associations.")
        async with running_bot(api, settings, library, clock) as bot:
            await user.send("/start fiches")
            kept, dossier = await user.replies(2)  # leaving the sheet says it is kept, then the dossier
            assert "💾 La fiche « Annuaire des associations » est enregistrée (question 3/8)" in kept.text
            assert "▶️ Reprendre « Annuaire des associations » (question 3/8)" in dossier.button_labels
            await user.press("▶️ Reprendre « Annuaire des associations » (question 3/8)", dossier)
            assert "Question 3/8" in (await user.reply()).text
            sheet = await only_sheet(bot.app.sessions)
            assert sheet.value("synthese") == "Un annuaire en ligne mis à jour par les associations."


async def test_a_long_paste_the_app_cuts_in_three_saves_no_fragment(telegram):
    await join(telegram.app.sessions, 4309, town="Albi")
    marie = telegram.user(4309, "Marie")
    await open_new_sheet(marie, "Éducation", "Inscriptions scolaires et périscolaires en ligne")
    await marie.paste(("Nous avons ouvert un portail famille. " * 300)[:10_000])
    too_long, rest, end = await marie.replies(3)
    assert "bien trop long pour « Titre »" in too_long.text and "rien n'a été enregistré" in too_long.text
    assert rest.text.startswith("Ce message est la suite du précédent") and end.text == rest.text
    assert (await only_sheet(telegram.app.sessions)).title == ""
