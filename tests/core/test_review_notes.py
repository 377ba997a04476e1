"""Internal notes: kept on the sheet's history for staff, never shown to the collectivity — not
on its summary card, not in the correction notice, not in its exports or its personal data."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from handlers.core.events import Kind, SendDocument
from storage.models import OutboxMessage
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.review import audit_actions, comments, submitted_sheet

SECRET = "Doublon probable avec la fiche 2025 <à vérifier> & à comparer"


async def add_note(staff: Chat, sheet_id: int, text: str) -> None:
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("🔒 Note interne")
    await staff.send(text)


async def test_a_note_is_kept_for_staff_and_shown_in_the_history(app):
    sheet_id = await submitted_sheet(app, 301)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("🔒 Note interne")
    assert "la collectivité ne la voit jamais" in staff.text
    await staff.send_kind(Kind.PHOTO, file_id="P1")
    assert "J'attends un commentaire écrit." in staff.text and "Note interne sur" in staff.text
    await staff.send(SECRET)

    assert staff.text.startswith("🔒 Note interne enregistrée.")
    assert "🗂 <b>Historique des échanges</b>" in staff.text
    assert (
        "🔒 note interne d'Équipe : « Doublon probable avec la fiche 2025 &lt;à vérifier&gt; &amp; à comparer »"
        in staff.text
    )
    [note] = await comments(app, sheet_id)
    assert (note.kind, note.visible_to_collectivity, note.text) == ("note", False, SECRET)
    assert (STAFF_ID, "review_note_added", f"sheet:{sheet_id}") in await audit_actions(app)

    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("🔒 Note interne")
    await staff.press("✖️ Annuler")
    assert "Note annulée." in staff.text and len(await comments(app, sheet_id)) == 1


async def test_the_collectivity_never_sees_internal_notes(app):
    sheet_id = await submitted_sheet(app, 302, attachments=True)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await add_note(staff, sheet_id, SECRET)
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✏️ Demander une correction")
    await staff.press("Incomplet")
    await staff.send("Ajoutez les résultats, s'il vous plaît.")
    await staff.press("📨 Envoyer")
    await add_note(staff, sheet_id, "Deuxième note : " + SECRET)

    async with app.sessions() as session:
        notice = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 302))).one()
    assert "Ajoutez les résultats" in notice.text and "Doublon" not in notice.text

    member = Chat(app.dispatcher, 302, "Marie")
    seen: list[str] = []
    await member.press_data(f"shd:o:{sheet_id}")  # the notice's button
    seen.append(member.text)
    assert "💬 <b>Commentaire de l'équipe</b> : Ajoutez les résultats, s'il vous plaît." in member.text
    await member.send("/start fiches")
    seen.append(member.text)
    await member.press("📄 Exporter mon dossier")
    documents = [r for r in member.replies if isinstance(r, SendDocument)]
    [xlsx] = [d for d in documents if d.filename.endswith(".xlsx")]
    cells = [
        str(v) for ws in load_workbook(io.BytesIO(xlsx.content)) for row in ws.iter_rows(values_only=True) for v in row
    ]
    assert "Portail famille" in cells
    seen += cells
    await member.send("/mesdonnees")
    [personal] = [r.content.decode("utf-8") for r in member.replies if isinstance(r, SendDocument)]
    assert "Les familles inscrivent" in personal
    seen.append(personal)
    seen += member.texts

    assert all("Doublon" not in text and "Deuxième note" not in text for text in seen)
