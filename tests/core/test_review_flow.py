"""Staff review through the core: the queue (oldest first, pages), a sheet as staff see it,
Valider (members notified once, double taps and a colleague acting first), the correction
flow (reason, comment, confirmation) and bad input along the way."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.events import Kind, SendFile
from storage.models import ActionSheet, OutboxMessage
from storage.repositories import PeopleRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.review import audit_actions, comments, submitted_sheet
from tests.support.sheets import join

COLLEAGUE = 9001


async def sheet(app, sheet_id: int) -> ActionSheet:
    async with app.sessions() as session:
        return await session.get(ActionSheet, sheet_id)


async def notices(app) -> list[OutboxMessage]:
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "review").order_by(OutboxMessage.id)
        return list((await session.scalars(query)).all())


async def make_colleague(app) -> Chat:
    async with app.sessions() as session, session.begin():
        (await PeopleRepository(session).get_or_create(COLLEAGUE, first_name="Paul")).is_staff = True
    return Chat(app.dispatcher, COLLEAGUE, "Paul")


async def test_the_queue_lists_submitted_sheets_oldest_first_with_collectivity_enjeu_and_age(app, clock):
    await submitted_sheet(app, 101, town="Albi", code="81004", answers={"titre": "Portail <famille> & cantine"})
    clock.advance(days=2)
    await submitted_sheet(app, 102, town="Gaillac", code="81099", enjeu="emploi", answers={"titre": "Atelier CV"})
    clock.advance(hours=3)
    await submitted_sheet(app, 103, town="Castres", code="81065", submit=False, answers={"titre": "Brouillon"})
    clock.advance(hours=2)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")

    await staff.send("/relecture")

    lines = staff.text.splitlines()
    assert "Fiches à relire</b> : 2" in lines[0]
    assert lines[2] == (
        "1. <b>Albi</b> — Éducation — « Portail &lt;famille&gt; &amp; cantine » — soumise il y a 2 jours"
    )
    assert lines[3] == "2. <b>Gaillac</b> — Emploi — « Atelier CV » — soumise il y a 5 h"
    assert "Brouillon" not in staff.text
    assert [b.label for b in staff.buttons()] == ["1. Albi · Portail <famille> & cantine", "2. Gaillac · Atelier CV"]
    assert (STAFF_ID, "review_queue_viewed", "") in await audit_actions(app)


async def test_a_long_queue_comes_a_page_at_a_time(app, clock):
    for number in range(10):
        await submitted_sheet(app, 200 + number, answers={"titre": f"Action {number + 1}"})
        clock.advance(minutes=10)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")

    await staff.send("/relecture")
    assert "Page 1/2" in staff.text and "8. " in staff.text and "9. " not in staff.text
    await staff.press("Suivantes ➡️")
    assert staff.replies[-1].__class__.__name__ == "EditText"  # the list is redrawn in place
    assert "Page 2/2" in staff.text and "9. " in staff.text and "10. " in staff.text
    assert "Suivantes ➡️" not in [b.label for b in staff.buttons()]
    await staff.press("⬅️ Précédentes")
    assert "Page 1/2" in staff.text


async def test_opening_a_sheet_shows_everything_and_attachments(app):
    sheet_id = await submitted_sheet(app, 110, attachments=True)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/relecture")
    await staff.press("1. Albi")

    text = staff.text
    assert f"Fiche n°{sheet_id} — « Portail famille »" in text
    assert "Collectivité : <b>Albi</b> (81004, Tarn)" in text
    assert "Enjeu : Éducation" in text and "Statut : 📨 Soumise, en relecture" in text
    assert "<b>Synthèse</b> : Les familles inscrivent leurs enfants à la cantine en ligne." in text
    assert "<b>Date de début</b> : septembre 2025" in text
    assert "📎 <b>Pièces jointes</b> (2)" in text
    assert "• photo — « Lancement »" in text and "• document « bilan.pdf » (application/pdf)" in text
    assert [b.label for b in staff.buttons()] == [
        "✅ Valider",
        "✏️ Demander une correction",
        "📎 Recevoir les pièces jointes (2)",
        "🔒 Note interne",
        "📥 File de relecture",
    ]
    assert (STAFF_ID, "review_sheet_opened", f"sheet:{sheet_id}") in await audit_actions(app)

    await staff.press("📎 Recevoir les pièces jointes (2)")
    files = [a for a in staff.replies if isinstance(a, SendFile)]
    assert [(f.file_id, f.kind) for f in files] == [("PHOTO-1", "photo"), ("DOC-1", "document")]
    assert "Portail famille" in files[0].caption


async def test_validating_notifies_every_member_once_and_a_double_tap_changes_nothing(app, clock):
    sheet_id = await submitted_sheet(app, 120)
    await join(app.sessions, 121, name="Paul Martin")  # a colleague in the same collectivity
    await join(app.sessions, 122, code="31555", town="Toulouse")  # someone else entirely
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    validate = next(b.data for b in staff.buttons() if b.label == "✅ Valider")

    await staff.press_data(validate)
    assert "Valider « Portail famille » (Albi) ? Ses membres en seront prévenus." in staff.text
    assert (await sheet(app, sheet_id)).status == "soumise"  # nothing yet: a question, with a way back
    await staff.press("↩️ Non, revenir à la fiche")
    await staff.press_data(validate)
    validate = next(b.data for b in staff.buttons() if b.label == "✅ Oui, valider")
    await staff.press_data(validate)
    assert "✅ Fiche « Portail famille » validée. 2 membres prévenus (Albi)." in staff.text
    validated = await sheet(app, sheet_id)
    assert validated.status == "validee" and validated.validated_at == clock()

    clock.advance(minutes=1)
    await staff.press_data(validate)  # the same button again
    assert staff.callback_answer.text == "Déjà traitée."
    assert "déjà été traitée : elle est maintenant « ✅ Validée »" in staff.text
    assert (await sheet(app, sheet_id)).validated_at == validated.validated_at
    rows = await notices(app)
    assert sorted(r.chat_id for r in rows) == [120, 121]
    assert all(
        "a été validée" in r.text and r.buttons == [[{"label": "📋 Voir mon dossier", "data": "shd"}]] for r in rows
    )
    assert [a for a in await audit_actions(app) if a[1] == "review_validated"] == [
        (STAFF_ID, "review_validated", f"sheet:{sheet_id}")
    ]


async def test_a_colleague_acting_first_gets_a_kind_message_and_the_comment_back(app):
    sheet_id = await submitted_sheet(app, 130)
    staff, paul = Chat(app.dispatcher, STAFF_ID, "Équipe"), await make_colleague(app)
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✏️ Demander une correction")
    await staff.press("Incomplet")
    await staff.send("Il manque les résultats chiffrés.")
    assert "📨 Envoyer" in [b.label for b in staff.buttons()]

    await paul.press_data(f"rvo:{sheet_id}")
    await paul.press("✅ Valider")
    await paul.press("✅ Oui, valider")
    await staff.press("📨 Envoyer")

    assert "déjà été traitée : elle est « ✅ Validée » (par Paul)" in staff.text
    assert "« Il manque les résultats chiffrés. »" in staff.text  # nothing typed is lost
    assert (await sheet(app, sheet_id)).status == "validee"
    assert [c.kind for c in await comments(app, sheet_id)] == []
    await paul.press_data(f"rva:c:{sheet_id}")  # correction asked on a sheet already validated
    assert "Cette fiche a déjà été traitée : elle est maintenant « ✅ Validée »." in paul.text


async def test_the_correction_flow_reason_comment_confirmation_and_notices(app):
    sheet_id = await submitted_sheet(app, 140)
    await join(app.sessions, 141, name="Paul Martin")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✏️ Demander une correction")
    assert "Quel est le motif ?" in staff.text
    assert [b.label for b in staff.buttons()] == ["Incomplet", "Incorrect", "Hors délai", "Autre", "✖️ Annuler"]

    await staff.send("blabla")  # typed instead of tapped, naming no reason
    assert "Touchez l'un des boutons" in staff.text and "Quel est le motif ?" in staff.text
    await staff.send("incorrect")  # typed, naming a reason: taken as that button
    assert "Motif : <b>Incorrect</b>" in staff.text
    await staff.send_kind(Kind.STICKER)
    assert "J'attends un commentaire écrit." in staff.text and "Motif : <b>Incorrect</b>" in staff.text
    await staff.send("x" * 1600)
    assert "Ce commentaire fait 1600 caractères : 1500 au plus" in staff.text
    await staff.send("/stats")  # a command in the middle of the flow
    assert "Vous êtes en cours de saisie" in staff.text and "Motif : <b>Incorrect</b>" in staff.text
    await staff.send("La date <b>est</b> fausse & le lien aussi.")
    assert "💬 La date &lt;b&gt;est&lt;/b&gt; fausse &amp; le lien aussi." in staff.text
    await staff.press("✏️ Modifier le commentaire")
    await staff.send("La date de début est fausse & le lien ne répond pas.")
    send = next(b.data for b in staff.buttons() if b.label == "📨 Envoyer")
    await staff.press_data(send)

    assert "✏️ Correction demandée pour « Portail famille ». 2 membres prévenus (Albi)." in staff.text
    assert (await sheet(app, sheet_id)).status == "a_corriger"
    [comment] = await comments(app, sheet_id)
    assert (comment.kind, comment.reason, comment.visible_to_collectivity) == ("correction", "Incorrect", True)
    assert comment.text == "La date de début est fausse & le lien ne répond pas."
    rows = await notices(app)
    assert sorted(r.chat_id for r in rows) == [140, 141]
    assert "Motif : Incorrect" in rows[0].text and "fausse &amp; le lien ne répond pas." in rows[0].text
    assert rows[0].buttons == [[{"label": "✏️ Corriger la fiche", "data": f"shd:o:{sheet_id}"}]]

    await staff.press_data(send)  # a second tap on « Envoyer »
    assert staff.callback_answer.text == "Déjà traitée." and len(await notices(app)) == 2
    member = Chat(app.dispatcher, 140, "Marie")
    await member.press_data(f"shd:o:{sheet_id}")  # « Corriger la fiche »: asking for it wrote nothing in it
    assert "Modifiée par" in member.text and "Modifiée par Équipe" not in member.text
    colleague = Chat(app.dispatcher, 141, "Paul")
    await colleague.send("/menu")  # the sheet to correct is offered to every member, whoever wrote it
    assert any(b.label.startswith("▶️ Reprendre « Portail famille »") for b in colleague.buttons())
    assert (STAFF_ID, "review_correction_requested", f"sheet:{sheet_id}") in await audit_actions(app)


async def test_cancelling_a_correction_sends_nothing(app):
    sheet_id = await submitted_sheet(app, 150)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✏️ Demander une correction")
    await staff.press("Autre")
    await staff.send("Un commentaire")
    await staff.press("✖️ Annuler")
    assert "Demande de correction annulée : rien n'a été envoyé." in staff.text
    assert (await sheet(app, sheet_id)).status == "soumise" and await notices(app) == []
    await staff.press_data(f"rva:c:{sheet_id}")
    await staff.press("Hors délai")
    await staff.send("/annuler")
    assert "C'est annulé" in staff.text and (await sheet(app, sheet_id)).status == "soumise"


async def test_staff_commands_and_buttons_are_refused_to_everyone_else(app):
    sheet_id = await submitted_sheet(app, 160)
    member = Chat(app.dispatcher, 160, "Marie")
    for command in ("/relecture", "/stats", "/export_fiches"):
        await member.send(command)
        assert member.text.startswith(f"Je ne connais pas la commande {command}.")
    for data in (f"rvo:{sheet_id}", f"rva:v:{sheet_id}", "rvq:0", "rvt:png", "rvx:csv", f"rvc:abcd:ok:{sheet_id}"):
        await member.press_data(data)
        assert member.callback_answer.text == "Cette action n'est plus disponible."
        assert "Portail famille" not in member.text
    assert (await sheet(app, sheet_id)).status == "soumise" and await notices(app) == []
    denied = [a for a in await audit_actions(app) if a[0] == 160]
    assert [a[1] for a in denied] == ["staff_command_denied"] * 3 + ["staff_button_denied"] * 6


async def test_forged_or_stale_review_buttons_get_the_stale_answer(app):
    sheet_id = await submitted_sheet(app, 170)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    for data in ("rvo:abc", "rvq:-1", f"rva:z:{sheet_id}", "rva:v", "rvr:zzzz:inc", "rvt:pdf", "rvx:docx", "rvq:0:x"):
        await staff.press_data(data)
        assert staff.callback_answer.text == "Cette action n'est plus disponible.", data
    await staff.press_data("rvo:999999")
    assert "Cette fiche n'existe plus" in staff.text
    assert (await sheet(app, sheet_id)).status == "soumise"


async def test_opening_another_sheet_leaves_a_half_typed_correction(app):
    first = await submitted_sheet(app, 180, answers={"titre": "Première"})
    second = await submitted_sheet(app, 181, town="Gaillac", code="81099", answers={"titre": "Seconde"})
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rva:c:{first}")
    await staff.press("Incomplet")
    await staff.press_data(f"rvo:{second}")
    assert "« Seconde »" in staff.text
    await staff.send("Ce texte n'est pas un commentaire pour la première fiche.")
    assert "Motif" not in staff.text and "📨 Envoyer" not in [b.label for b in staff.buttons()]
    assert (await sheet(app, first)).status == "soumise" and await comments(app, first) == []


async def test_someone_removed_from_the_team_mid_correction_cannot_send_it(app):
    sheet_id = await submitted_sheet(app, 190)
    paul = await make_colleague(app)
    await paul.press_data(f"rva:c:{sheet_id}")
    await paul.press("Hors délai")
    await paul.send("Trop tard, désolé.")
    send = next(b.data for b in paul.buttons() if b.label == "📨 Envoyer")
    admin = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await admin.send(f"/staff retirer {COLLEAGUE}")
    assert "ne fait plus partie de l'équipe" in admin.text

    await paul.send("/aide")  # help shows the step again: not to someone no longer staff
    assert "Vous ne faites plus partie de l'équipe du label" in paul.text
    assert "Trop tard" not in paul.text and "Portail famille" not in paul.text
    await paul.press_data(send)
    assert paul.callback_answer.text == "Cette action n'est plus disponible."
    assert "Trop tard" not in paul.text and "📨 Envoyer" not in [b.label for b in paul.buttons()]
    assert (await sheet(app, sheet_id)).status == "soumise" and await notices(app) == []
    assert (COLLEAGUE, "flow_denied", "relecture/confirm") in await audit_actions(app)
