"""Phone-first journeys end to end, through aiogram and python-telegram-bot and the fake Bot API:
a photo sent on a question, a choice typed in words, leaving a form with /menu and resuming it,
a question typed on the role screen, staff tools from the welcome."""

from __future__ import annotations

from tests.conftest import STAFF_ID
from tests.support.sheets import all_sheets, join

SERVICE = "Inscriptions scolaires et périscolaires en ligne"


async def test_a_mayor_types_instead_of_tapping_leaves_with_menu_and_resumes(telegram):
    await join(telegram.app.sessions, 4501, town="Albi")
    marie = telegram.user(4501, "Marie")
    await marie.send("/start fiches")
    await marie.reply()
    await marie.press("Éducation")
    await marie.reply()
    await marie.press(f"⬜ {SERVICE}")
    await marie.reply()
    await marie.press("✅ Valider (1)")
    assert "120 caractères au plus." in (await marie.reply()).text
    await marie.send_photo(caption="la cantine")
    attached, again = await marie.replies(2)
    assert "📎 Photo jointe" in attached.text and "Question 1/8" in again.text
    await marie.send("Portail famille")
    await marie.reply()
    await marie.send("Les familles inscrivent leurs enfants en ligne.")
    level = await marie.reply()
    assert level.button_labels[:3] == ["En projet", "En cours", "Réalisé"]
    await marie.send("c'est en cours")  # typed rather than tapped
    assert "C'est enregistré (Niveau de réalisation" in (await marie.reply()).text

    await marie.send("/menu")
    menu = await marie.reply()  # one message: the draft kept, and the menu that offers it first
    assert "💾 La fiche « Portail famille » est enregistrée (question 4/8)" in menu.text
    assert menu.button_labels[0] == "▶️ Reprendre « Portail famille » (question 4/8)"
    assert menu.button_labels.count("▶️ Reprendre « Portail famille » (question 4/8)") == 1
    await marie.press("▶️ Reprendre « Portail famille » (question 4/8)", menu)
    assert "Question 4/8" in (await marie.reply()).text
    [sheet] = await all_sheets(telegram.app.sessions)
    assert (sheet.value("titre"), sheet.value("niveau")) == ("Portail famille", "En cours")
    assert [a.kind for a in sheet.attachments] == ["photo"]


async def test_a_question_on_the_role_screen_is_answered_then_the_role_is_typed(telegram):
    nadia = telegram.user(4502, "Nadia")
    await nadia.send("/start")
    await nadia.replies(2)
    await nadia.send("combien ça coûte ?")
    answer, again = await nadia.replies(2)
    assert "Transmettre à l'équipe" in answer.button_labels[0]
    assert again.button_labels == ["Maire", "Élu·e", "Agent·e", "Autre"]
    await nadia.send("je suis secrétaire de mairie")
    saved, menu = await nadia.replies(2)
    assert "Vous êtes : Agent·e" in saved.text and "📝 Fiches actions" in menu.button_labels


async def test_staff_find_their_tools_on_the_welcome(telegram):
    staff = telegram.user(STAFF_ID, "Équipe")
    await staff.send("/start")
    welcome = await staff.reply()
    assert "qui êtes-vous" not in welcome.text and welcome.button_labels[-1] == "🛠 Outils de l'équipe"
    await staff.press("🛠 Outils de l'équipe")
    tools = await staff.reply()
    stats = next(label for label in tools.button_labels if label.startswith("Statistiques"))
    await staff.press(stats)
    assert "Statistiques — édition" in (await staff.last_text())
