"""Review end to end through aiogram and python-telegram-bot against the fake Bot API: review →
correction → the member gets the notice (outbox worker) → resubmission → back in the queue →
validation; staff commands refused to others; exports and the stats chart as files."""

from __future__ import annotations

import io

from PIL import Image

from bot.workers.outbox import OutboxWorker
from tests.conftest import STAFF_ID
from tests.support.review import submitted_sheet

MEMBER = 4701


def outbox(telegram, clock) -> OutboxWorker:
    return OutboxWorker(telegram.app.sessions, telegram.sender, clock, rate_per_second=500, per_chat_interval=0.0)


async def test_correction_notice_resubmission_and_validation(telegram, clock):
    marie = telegram.user(MEMBER, "Marie")
    sheet_id = await submitted_sheet(telegram.app, MEMBER)
    clock.advance(days=3)
    staff = telegram.user(STAFF_ID, "Équipe")

    await staff.send("/relecture")
    queue = await staff.reply()
    assert "1. Albi — Éducation — « Portail famille » — soumise il y a 3 jours" in queue.text
    await staff.press("1. Albi · Portail famille")
    view = await staff.reply()
    assert f"Fiche n°{sheet_id}" in view.text and "✅ Valider" in view.button_labels
    await staff.press("✏️ Demander une correction")
    assert "Quel est le motif ?" in (await staff.reply()).text
    await staff.press("Incomplet")
    assert "Écrivez le commentaire" in (await staff.reply()).text
    await staff.send("Ajoutez les résultats <chiffrés> & la date.")
    confirm = await staff.reply()
    assert "💬 Ajoutez les résultats <chiffrés> & la date." in confirm.text  # shown as typed
    await staff.press("📨 Envoyer")
    assert "Correction demandée pour « Portail famille ». 1 membre prévenu (Albi)." in (await staff.reply()).text

    await outbox(telegram, clock).run_once()
    notice = await marie.reply()
    assert "Votre fiche « Portail famille » est à corriger" in notice.text
    assert "Motif : Incomplet" in notice.text and "Ajoutez les résultats <chiffrés> & la date." in notice.text
    assert notice.button_labels == ["✏️ Corriger la fiche"]

    await marie.press("✏️ Corriger la fiche")
    card = await marie.reply()
    assert "Commentaire de l'équipe : Ajoutez les résultats <chiffrés> & la date." in card.text
    await marie.press("✏️ Résultats")
    assert "Quels résultats" in (await marie.reply()).text
    await marie.send("300 familles inscrites la première année.")
    assert "📨 Soumettre à nouveau" in (await marie.reply()).button_labels
    await marie.press("📨 Soumettre à nouveau")
    assert "Pendant la relecture, vous ne pourrez plus modifier la fiche." in (await marie.reply()).text
    await marie.press("📨 Oui, soumettre")
    submitted, _ = await marie.replies(2)
    assert "soumise pour relecture" in submitted.text

    clock.advance(hours=1)
    await staff.send("/relecture")
    queue = await staff.reply()
    assert "« Portail famille » — soumise il y a 1 h 🔁 renvoyée après correction" in queue.text
    await staff.press("1. Albi · Portail famille")
    view = await staff.reply()
    assert "✏️ correction demandée par Équipe — Incomplet : « Ajoutez les résultats <chiffrés> & la date. »" in view.text
    assert "📨 soumise à nouveau par Membre 4701" in view.text
    assert "Résultats : 300 familles inscrites la première année." in view.text
    assert "🔁 Modifiée depuis la demande du" in view.text and ": Résultats" in view.text
    await staff.press("✅ Valider", view)
    confirm = await staff.reply()
    assert "Ses membres en seront prévenus" in confirm.text
    await staff.press("✅ Oui, valider", confirm)
    assert "✅ Fiche « Portail famille » validée." in (await staff.reply()).text
    await staff.send("/relecture")
    assert "Aucune fiche à relire" in (await staff.reply()).text

    await outbox(telegram, clock).run_once()
    validated = await marie.reply()
    assert "a été validée par l'équipe du label" in validated.text
    await marie.press("📋 Voir mon dossier")
    assert "Fiches actions — Albi" in (await marie.reply()).text


async def test_review_commands_show_only_in_staff_menus_and_are_unknown_to_members(telegram):
    review_commands = {"relecture", "stats", "export_fiches"}
    assert not review_commands & {c["command"] for c in telegram.api.commands_for()}
    staff_menu = telegram.api.commands_for({"type": "chat", "chat_id": STAFF_ID})
    assert review_commands <= {c["command"] for c in staff_menu}
    await submitted_sheet(telegram.app, MEMBER)
    marie = telegram.user(MEMBER, "Marie")
    await marie.send("/relecture")
    assert "Je ne connais pas la commande /relecture" in (await marie.reply()).text
    await marie.send("/export_fiches")
    reply = await marie.reply()
    assert "Je ne connais pas la commande /export_fiches" in reply.text and reply.kind == "text"


async def test_staff_get_the_export_and_the_chart_as_files(telegram):
    await submitted_sheet(telegram.app, MEMBER)
    staff = telegram.user(STAFF_ID, "Équipe")
    await staff.send("/export_fiches")
    await staff.reply()
    await staff.press("CSV (Excel)")
    preparing, document = await staff.replies(2)
    assert "Je prépare l'export (1 fiche, CSV)" in preparing.text  # said first: the file takes seconds
    assert document.document.filename.endswith(".csv")
    assert document.document.content.startswith(b"\xef\xbb\xbf") and b"Portail famille" in document.document.content
    await staff.send("/stats")
    await staff.reply()
    await staff.press("📈 En graphique (PNG)")
    chart = await staff.reply()
    assert chart.kind == "photo" and Image.open(io.BytesIO(chart.photo.content)).width == 1080
