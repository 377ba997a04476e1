"""Phone-first journeys through the core: typed text on screens of buttons, ways out of every
screen, commands that leave a screen of buttons, drafts that are kept and offered back, the
sheet's questions that say their limits and understand what people type, staff tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.sheets import all_sheets, join
from tests.support.webinars import S1, S2, known_person, use_sessions

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, S1, S2)


async def test_a_role_typed_in_words_is_taken_as_that_button(app):
    chat = Chat(app.dispatcher, 701)
    await chat.send("/start")
    await chat.send("je suis secrétaire de mairie")
    assert "Vous êtes : <b>Agent·e</b>" in chat.text
    other = Chat(app.dispatcher, 702)
    await other.send("/start")
    await other.send("le maire doit-il signer quelque chose ?")  # a question, not a role
    assert "Vous êtes" not in other.text and "qui êtes-vous" in other.text


async def test_a_greeting_on_a_screen_of_buttons_is_answered_in_kind(app):
    chat = Chat(app.dispatcher, 705)
    await chat.send("/start")
    await chat.send("bonjour")
    assert chat.text.startswith("Bonjour ! Touchez l'un des boutons") and "qui êtes-vous" in chat.text
    await chat.send("🙂")  # not a greeting: the plain request
    assert chat.text.startswith("Touchez l'un des boutons")


async def test_the_registrations_list_has_a_way_out_and_reads_questions(app):
    await known_person(app, 703)
    chat = Chat(app.dispatcher, 703)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    await chat.press("✅ Confirmer")
    await chat.send("/mesinscriptions")
    assert "🏠 Menu principal" in [b.label for b in chat.buttons()]
    await chat.send("/mesinscriptions")  # its own list is on screen: not « en cours de saisie »
    assert "en cours de saisie" not in chat.text and "Vos inscriptions" in chat.text
    await chat.send("c'est quoi la mosaique ?")
    assert "mosaïque" in chat.text.lower() and "Vos inscriptions" in chat.text
    await chat.press("🏠 Menu principal")
    assert "Que souhaitez-vous faire" in chat.text


async def test_the_confirmation_promises_only_the_reminders_still_ahead(app, clock):
    await known_person(app, 704)
    clock.set(clock.now.replace(day=12, hour=9))  # the morning of the session (13:00 Paris)
    chat = Chat(app.dispatcher, 704)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    await chat.press("✅ Confirmer")
    assert "Je vous enverrai un rappel une heure avant." in chat.text and "la veille" not in chat.text


async def test_a_sheet_exists_from_its_first_answer_and_leaving_keeps_it(app):
    await join(app.sessions, 705)
    chat = Chat(app.dispatcher, 705)
    await chat.send("/start fiches")
    await chat.press("Éducation")
    await chat.send("/menu")  # nothing answered: nothing kept, nothing counted
    await chat.send("/fiches")
    assert "Vous n'avez encore aucune fiche" in chat.text
    assert await all_sheets(app.sessions) == []
    await chat.press("Éducation")
    await chat.press(next(b.label for b in chat.buttons() if b.label.startswith("⬜")))
    await chat.press("✅ Valider")
    assert "(120 caractères au plus.)" in chat.text or "120 caractères au plus." in chat.text
    await chat.send("Portail famille")
    await chat.send("/menu")
    assert "💾 La fiche « Portail famille » est enregistrée (question 2/8)" in chat.text
    assert "▶️ Reprendre « Portail famille » (question 2/8)" in [b.label for b in chat.buttons()]
    await chat.send("/start")  # later: the welcome offers to resume it
    assert "▶️ Reprendre « Portail famille » (question 2/8)" in [b.label for b in chat.buttons()]
    await chat.press("▶️ Reprendre")
    assert "Question 2/8" in chat.text


async def test_the_questions_understand_what_people_type_and_photos_are_attached(app):
    await join(app.sessions, 706)
    chat = Chat(app.dispatcher, 706)
    await chat.send("/start fiches")
    await chat.press("Éducation")
    await chat.press(next(b.label for b in chat.buttons() if b.label.startswith("⬜")))
    await chat.press("✅ Valider")
    await chat.send_photo(caption="la cantine")
    assert "📎 Photo jointe" in chat.text and "Question 1/8" in chat.text  # asked again
    await chat.send("Portail famille")
    await chat.send("Les familles inscrivent leurs enfants en ligne.")
    await chat.send("c'est en cours")  # the « niveau de réalisation », typed: read back as understood
    assert "C'est enregistré (Niveau de réalisation : En cours)." in chat.text
    for _ in range(3):
        await chat.press("⏭ Passer")
    await chat.send("septembre 2025")
    assert "C'est enregistré (Date de début : septembre 2025)." in chat.text
    [sheet] = await all_sheets(app.sessions)
    assert (sheet.value("niveau"), sheet.value("date_debut")) == ("En cours", "2025-09")
    await chat.press("⬅️ Retour")
    await chat.send("1/9/25")
    [sheet] = await all_sheets(app.sessions)
    assert sheet.value("date_debut") == "2025-09-01"


async def test_any_draft_can_be_deleted_from_its_card(app):
    await join(app.sessions, 707)
    chat = Chat(app.dispatcher, 707)
    await chat.send("/start fiches")
    await chat.press("Éducation")
    await chat.press(next(b.label for b in chat.buttons() if b.label.startswith("⬜")))
    await chat.press("✅ Valider")
    await chat.send("Projet abandonné")
    await chat.press("📋 Toute la fiche")
    assert "Synthèse" in chat.text
    await chat.press("🗑 Supprimer le brouillon")
    await chat.press("🗑 Oui, supprimer")
    assert "Le brouillon « Projet abandonné » est supprimé." in chat.text
    assert await all_sheets(app.sessions) == []


async def test_a_department_typed_by_name(app):
    await known_person(app, 708)
    chat = Chat(app.dispatcher, 708)
    await chat.send("/profil")
    await chat.press("✏️ Modifier")
    await chat.press("Collectivité")
    await chat.send("saint martin gers")
    assert chat.buttons()[0].label.startswith("Saint-Martin (32)")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/diffusion")
    await staff.send("Bonjour")
    await staff.press("📍 Par département")
    await staff.send("tarn")
    assert "département 81" in staff.text


async def test_staff_find_their_tools_and_are_not_asked_who_they_are(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/start")
    assert "qui êtes-vous" not in staff.text
    assert "🛠 Outils de l'équipe" in [b.label for b in staff.buttons()]
    await staff.press("🛠 Outils de l'équipe")
    labels = [b.label for b in staff.buttons()]
    assert any("relire" in label for label in labels) and any("Statistiques" in label for label in labels)
    await staff.press(next(label for label in labels if "Statistiques" in label))
    assert "Statistiques — édition" in staff.text
    await staff.send("/aide")
    assert "Pour l'équipe du label" in staff.text and "/relecture" in staff.text
    mayor = Chat(app.dispatcher, 709)
    await mayor.send("/aide")
    assert "Pour l'équipe du label" not in mayor.text
    await mayor.press_data("tools:stats")
    assert mayor.callback_answer.text == "Cette action n'est plus disponible."


async def test_a_staff_command_works_from_a_screen_of_buttons(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/diffusion")
    await staff.send("Bonjour")  # now the audience buttons are on screen
    await staff.send("/stats")
    assert "Statistiques — édition" in staff.text and "en cours de saisie" not in staff.text


async def test_clock_moves_keep_the_next_session_in_the_faq(app, clock):
    chat = Chat(app.dispatcher, 710)
    clock.advance(days=12)  # after the first session: the next one is announced
    await chat.send("le webinaire c'est quand ?")
    assert "jeudi 19 mars" in chat.text


async def test_staff_reopen_a_validated_sheet_with_a_reason_and_members_are_told(app):
    from sqlalchemy import select

    from storage.models import OutboxMessage
    from tests.support.review import submitted_sheet

    sheet_id = await submitted_sheet(app, 711)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("✅ Valider")
    await staff.press("✅ Oui, valider")
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("↩️ Rouvrir la fiche")
    assert "Rouvrir « Portail famille »" in staff.text and "Quel est le motif ?" in staff.text
    await staff.press("Incorrect")
    await staff.send("Le lien ne fonctionne plus.")
    await staff.press("📨 Envoyer")
    assert "rouverte pour correction. 1 membre prévenu (Albi)." in staff.text
    [sheet] = await all_sheets(app.sessions)
    assert sheet.status == "a_corriger"
    async with app.sessions() as session:
        notices = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 711))).all()
    assert any("Votre fiche « Portail famille » est rouverte" in n.text for n in notices)


async def test_no_screen_is_over_900_characters_unless_asked(app):
    from tests.support.review import submitted_sheet

    long_text = "Les familles inscrivent leurs enfants à la cantine depuis le site. " * 22  # ~1,480 characters
    sheet_id = await submitted_sheet(app, 712, answers={"synthese": long_text})
    for enjeu in ("emploi", "culture"):
        await submitted_sheet(app, 712, enjeu=enjeu, submit=False)
    member = Chat(app.dispatcher, 712)
    await member.send("/fiches")
    assert len(member.text) <= 900, len(member.text)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{sheet_id}")
    assert len(staff.text) <= 900, len(staff.text)
    assert long_text.strip() not in staff.text
    await staff.press("📄 Voir la fiche en entier")
    assert long_text.strip() in staff.text  # asked: everything
    await known_person(app, 713)
    mayor = Chat(app.dispatcher, 713)
    await mayor.send("/start webinaire")
    await mayor.press("jeudi 12 mars")
    assert all(len(text) <= 900 for text in mayor.texts)


async def test_what_is_not_the_associations_is_shown_as_provisional(app, settings, tmp_path, clock):
    """The shipped example session, the example services and the « niveau » choices."""
    from dataclasses import replace

    from handlers.content.sessions import load_sessions

    shipped = load_sessions(DATA / "webinaires.toml", settings.zone)
    assert shipped.sessions and all(s.provisional for s in shipped.sessions)
    app.services.content = replace(app.content, webinars=shipped)
    await known_person(app, 714)
    mayor = Chat(app.dispatcher, 714)
    await mayor.send("/start webinaire")  # one session, a known person: the summary at once
    assert "Date provisoire" in mayor.text
    await mayor.press("✅ Confirmer")
    assert "Le lien de connexion vous sera envoyé ici" in mayor.text and "example.org" not in mayor.text
    assert not any(b.url for b in mayor.buttons())
    invitation = next(r for r in mayor.replies if hasattr(r, "filename"))
    assert b"example.org" not in invitation.content and b"TENTATIVE" in invitation.content

    await join(app.sessions, 715)
    agent = Chat(app.dispatcher, 715)
    await agent.send("/start fiches")
    await agent.press("Éducation")
    assert "Services d'exemple (ATLAAS 2014)" in agent.text
    await agent.press(next(b.label for b in agent.buttons() if b.label.startswith("⬜")))
    await agent.press("✅ Valider")
    await agent.send("Portail")
    await agent.send("Une synthèse.")
    assert "Choix provisoires" in agent.text  # the « niveau de réalisation »
    await agent.press("📋 Toute la fiche")
    assert "Provisoire, en attendant les listes officielles de l'association" in agent.text
