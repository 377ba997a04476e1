"""Bad input during a sheet: too long, empty, stickers, dates, URLs, HTML, media, old buttons."""

from __future__ import annotations

from faq import Outcome
from handlers.core.events import Kind
from storage.models import SheetAttachment
from tests.support.chat import Chat
from tests.support.sheets import at_question, fill_whole_sheet, join, only_sheet


async def at_date_question(app, user_id: int) -> Chat:
    """At « Date de début » (question 7/8): a title, a synthesis, « En projet », three questions passed."""
    chat = await at_question(app, user_id, ["Titre", "Synthèse"])
    await chat.press("En projet")
    for _ in range(3):
        await chat.press("⏭ Passer")
    return chat


async def at_link_question(app, user_id: int) -> Chat:
    """At « Lien » (question 8/8), the date passed too."""
    chat = await at_date_question(app, user_id)
    await chat.press("⏭ Passer")
    return chat


async def test_an_answer_over_the_limit_says_how_much_too_long_and_keeps_nothing(app):
    chat = await at_question(app, 401)
    await chat.send("x" * 150)  # titre: 120 characters at most
    assert "150 caractères, soit 30 de trop" in chat.text and "rien n'a été enregistré" in chat.text
    assert (await only_sheet(app.sessions)).title == ""
    await chat.send("Application de la ville")
    assert "Question 2/8" in chat.text


async def test_empty_sticker_location_and_voice_get_kind_answers(app):
    chat = await at_question(app, 402)
    await chat.send("   ")
    assert "Votre réponse est vide" in chat.text
    await chat.send_kind(Kind.STICKER)
    assert "pas un autocollant" in chat.text and "Question 1/8" in chat.text
    await chat.send_kind(Kind.LOCATION)
    assert "pas une position" in chat.text and "Question 1/8" in chat.text
    await chat.send_kind(Kind.VOICE, file_id="voice-1")
    assert "écrivez votre réponse" in chat.text and "Question 1/8" in chat.text
    assert (await only_sheet(app.sessions)).title == ""


async def test_dates_are_checked_and_normalised(app):
    chat = await at_date_question(app, 403)
    assert "Question 7/8" in chat.text
    await chat.send("31/02/2025")
    assert "n'existe pas dans le calendrier" in chat.text
    await chat.send("hier")
    assert "Je n'ai pas compris cette date" in chat.text
    await chat.send("09/2025")
    assert "Question 8/8" in chat.text
    assert (await only_sheet(app.sessions)).value("date_debut") == "2025-09"


async def test_urls_are_checked(app):
    chat = await at_link_question(app, 404)
    for bad in ("pas une adresse", "javascript:alert(1)", "ftp://serveur.fr/x", "http://localhost"):
        await chat.send(bad)
        assert "ne semble pas valide" in chat.text, bad
    await chat.send("https://www.ville.fr/page?x=1&y=2")
    assert "<b>Lien</b> : https://www.ville.fr/page?x=1&amp;y=2" in chat.text


async def test_html_and_emoji_are_stored_as_typed_and_shown_escaped(app):
    chat = await at_question(app, 405)
    typed = "<b>Ateliers</b> & <script>x</script> 🎉"
    await chat.send(typed)
    assert "&lt;b&gt;Ateliers&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt; 🎉" in chat.text
    assert (await only_sheet(app.sessions)).title == typed


async def test_a_typed_choice_is_accepted_and_a_wrong_one_explained(app):
    chat = await at_question(app, 406, ["Titre", "Synthèse"])
    await chat.send("peut-être")
    assert "Je n'ai pas reconnu ce choix" in chat.text
    await chat.send("je sais pas trop, c'est quoi réalisé ?")  # a question, not a choice: answered, not saved
    assert "Je n'ai rien enregistré dans la fiche" in chat.text and "niveau de réalisation" in chat.text.lower()
    await chat.send("en cours")
    assert "Question 4/8" in chat.text
    assert (await only_sheet(app.sessions)).value("niveau") == "En cours"


async def test_a_button_from_an_older_step_is_refused_and_the_question_shown_again(app):
    chat = await at_question(app, 407)
    old_quit = next(b for b in chat.buttons() if b.label.startswith("💾"))
    await chat.send("Titre")
    stale_back = next(b for b in chat.buttons() if b.label == "⬅️ Retour")
    await chat.send("Synthèse")
    for data in (stale_back.data, "shq:c:zzzz:0", "shs:t:abcd:999", "shq", "shr:e"):
        await chat.press_data(data)
        assert chat.callback_answer.text == "Cette action n'est plus disponible.", data
        assert "Question 3/8" in chat.text, data
    assert (await only_sheet(app.sessions)).position == 2
    await chat.press_data(old_quit.data)  # a way out, though older, still leaves (all is saved)
    assert "💾 C'est enregistré" in chat.text and "Question 3/8" not in chat.text


async def test_forged_choice_index_is_refused(app):
    chat = await at_question(app, 408, ["Titre", "Synthèse"])
    choice = next(b for b in chat.buttons() if b.label == "Réalisé")
    await chat.press_data(choice.data.rsplit(":", 1)[0] + ":99")
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    assert (await only_sheet(app.sessions)).value("niveau") == ""


async def test_a_command_in_the_middle_of_a_sheet_runs_and_the_draft_waits(app):
    chat = await at_question(app, 409, ["Portail famille"])
    await chat.send("/webinaire")
    assert "Vous êtes en cours de saisie" not in chat.text
    assert "La fiche « Portail famille » est enregistrée (question 2/8)" in chat.text
    assert "Webinaire d'information" in chat.text
    resume = [b for m in chat.messages for row in m.buttons or [] for b in row if b.label.startswith("▶️ Reprendre")]
    await chat.press_data(resume[-1].data)  # from the message above, once registered or not
    assert "Question 2/8" in chat.text


async def test_photos_and_documents_are_attached_and_listed_in_the_summary(app):
    chat = await at_question(app, 410)
    await chat.send_kind(Kind.PHOTO, file_id="AgACphoto1", caption="Atelier <1>")
    assert "📎 Photo jointe à la fiche « Fiche sans titre » (1 pièce jointe)." in chat.text
    assert "Question 1/8" in chat.text  # and the question again: it still waits for its answer
    await chat.send_kind(
        Kind.DOCUMENT, file_id="BQACdoc1", file_name="bilan & chiffres.pdf", mime_type="application/pdf"
    )
    assert "(2 pièces jointes)" in chat.text
    sheet = await only_sheet(app.sessions)
    assert [(a.kind, a.file_id, a.file_name, a.caption) for a in sheet.attachments] == [
        ("photo", "AgACphoto1", "", "Atelier <1>"),
        ("document", "BQACdoc1", "bilan & chiffres.pdf", ""),
    ]
    await chat.press("💾 Enregistrer et quitter")
    async with app.sessions() as session, session.begin():
        (await session.get(type(sheet), sheet.id)).position = 8
    await chat.press_data(f"shd:o:{sheet.id}")
    assert (
        "📎 <b>Pièces jointes</b> (2) : photo « Atelier &lt;1&gt; », document « bilan &amp; chiffres.pdf »" in chat.text
    )


async def test_media_outside_a_sheet_are_not_attached(app):
    await join(app.sessions, 411)
    chat = Chat(app.dispatcher, 411)
    await chat.send("/start fiches")
    await chat.send_kind(Kind.PHOTO, file_id="AgACphoto2")
    assert "Je ne sais pas lire les images ici" in chat.text


async def test_a_question_on_the_label_typed_at_a_question_is_answered_and_not_saved(app):
    chat = await at_question(app, 412, ["Portail famille"])  # at « Décrivez l'action »
    await chat.send("c'est quand la date limite ?")
    assert "date limite de participation" in chat.text  # the FAQ's answer
    assert "Je n'ai rien enregistré dans la fiche" in chat.text and "Question 2/8" in chat.text
    assert (await only_sheet(app.sessions)).value("synthese") == ""
    await chat.send("Les familles inscrivent leurs enfants en ligne. Pourquoi pas vous ?")  # an answer, though « ? »
    assert "C'est enregistré (Synthèse)" in chat.text
    assert (await only_sheet(app.sessions)).value("synthese").startswith("Les familles inscrivent")


async def test_a_short_question_typed_at_a_text_question_is_saved_only_if_she_says_it_is_her_answer(app):
    chat = await at_question(app, 418, ["Portail famille"])  # at « Décrivez l'action »
    await chat.send("je dois mettre quoi ici ?")
    assert "Est-ce votre réponse (« Synthèse ») ou une question pour moi ?" in chat.text
    assert (await only_sheet(app.sessions)).value("synthese") == ""
    await chat.press("❓ C'est une question")
    assert "Je n'ai rien enregistré dans la fiche" in chat.text and "Question 2/8" in chat.text
    assert (await only_sheet(app.sessions)).value("synthese") == ""
    await chat.press("⬅️ Retour")  # back to the title: a title may well end with « ? »
    await chat.send("La mairie dans votre poche ?")
    assert "ou une question pour moi ?" in chat.text and (await only_sheet(app.sessions)).title == "Portail famille"
    mine = next(b.data for b in chat.buttons() if b.label == "💾 C'est ma réponse")
    await chat.press("💾 C'est ma réponse")
    assert "C'est enregistré (Titre)" in chat.text and "Question 2/8" in chat.text
    assert (await only_sheet(app.sessions)).title == "La mairie dans votre poche ?"
    await chat.press_data(mine)  # a double tap, once she is at the next question: nothing changes
    assert "Question 2/8" in chat.text and (await only_sheet(app.sessions)).value("synthese") == ""


async def test_a_title_the_faq_takes_for_a_question_is_one_tap_from_being_saved(app):
    chat = await at_question(app, 420)
    await chat.send("Et si on parlait numérique ?")  # the FAQ is sure it is a question
    assert "Je n'ai rien enregistré dans la fiche" in chat.text and "Question 1/8" in chat.text
    assert (await only_sheet(app.sessions)).title == ""
    [save] = [
        b.data for m in chat.messages[-2:] for row in m.buttons for b in row if b.label == "💾 C'était ma réponse"
    ]
    await chat.press_data(save)  # on the « rien enregistré » line, just above the question
    assert "C'est enregistré (Titre)" in chat.text and "Question 2/8" in chat.text
    assert (await only_sheet(app.sessions)).title == "Et si on parlait numérique ?"


def button_data(chat: Chat, label: str) -> str:
    """A button of any message shown, the latest first (a phone shows the older ones above)."""
    return next(b.data for m in reversed(chat.messages) for row in m.buttons for b in row if b.label.startswith(label))


async def test_an_older_answer_or_question_prompt_cannot_save_a_later_text(app):
    chat = await at_question(app, 427, ["Portail famille"])  # at « Décrivez l'action »
    await chat.send("je dois mettre quoi ici ?")
    first = button_data(chat, "💾 C'est ma réponse")
    await chat.send("on met le nom du service ?")
    latest = button_data(chat, "💾 C'est ma réponse")
    await chat.press_data(first)  # the first prompt's button, under the second text
    assert "message plus ancien" in chat.callback_answer.text and not chat.texts  # said, nothing else changed
    assert (await only_sheet(app.sessions)).value("synthese") == ""
    await chat.press_data(latest)  # the second text was kept: one tap saves it, nothing to type again
    assert "C'est enregistré" in chat.text
    assert (await only_sheet(app.sessions)).value("synthese") == "on met le nom du service ?"


async def test_a_question_asked_from_a_sheet_can_still_be_forwarded_to_the_team(app):
    chat = await at_date_question(app, 428)
    await chat.send("on met la date du conseil municipal ?")  # at « Date de début »
    assert "Question 7/8" in chat.text
    await chat.press_data(button_data(chat, "📨 Transmettre"))
    assert "C'est transmis ✅" in chat.text and "plus votre question en mémoire" not in chat.text


async def test_a_hesitant_date_is_read_as_the_date(app):
    chat = await at_date_question(app, 429)
    await chat.send("sept 2024 ?")
    assert "Question 8/8" in chat.text and (await only_sheet(app.sessions)).value("date_debut") == "2024-09"


async def test_its_my_answer_after_a_colleagues_answer_shows_the_conflict(app):
    from tests.core.test_sheets_shared import two_members_on_one_sheet

    marie, paul = await two_members_on_one_sheet(app)  # both at « Décrivez l'action »
    await paul.send("Synthèse de Paul.")
    await marie.send("Et si on parlait numérique ?")  # the FAQ answers it; the question is shown again
    await marie.press_data(button_data(marie, "💾 C'était ma réponse"))
    assert "Pendant que vous répondiez" in marie.text
    assert (await only_sheet(app.sessions)).value("synthese") == "Synthèse de Paul."


async def test_no_save_button_for_a_title_too_long_to_be_saved(app):
    chat = await at_question(app, 430)
    title = (
        "Et si on parlait numérique avec les habitants, les associations, les écoles et les commerçants de notre "
        "petite commune rurale ?"
    )
    assert 120 < len(title) <= 150  # the title's limit is 120; the FAQ is sure it is a question
    assert app.content.faq.match(title).outcome is Outcome.ANSWER
    await chat.send(title)
    assert "Je n'ai rien enregistré dans la fiche" in chat.text
    assert "💾 C'était ma réponse" not in [b.label for m in chat.messages[-3:] for row in m.buttons for b in row]


async def test_a_question_typed_at_a_date_is_answered_not_refused_as_a_date(app):
    chat = await at_date_question(app, 419)
    assert "Question 7/8" in chat.text
    await chat.send("il faut mettre la date de fin ou de début ?")
    assert "Je n'ai pas compris cette date" not in chat.text
    assert "Je n'ai rien enregistré dans la fiche" in chat.text and "Question 7/8" in chat.text
    assert (await only_sheet(app.sessions)).value("date_debut") == ""


async def test_an_optional_answer_can_be_taken_back(app):
    await join(app.sessions, 413)
    chat = Chat(app.dispatcher, 413)
    await fill_whole_sheet(chat)  # ends on the card, every answer given
    await chat.press("✏️ Résultats")
    labels = [b.label for b in chat.buttons()]
    assert "🗑 Effacer la réponse" in labels and "⏭ Passer" not in labels
    await chat.press("🗑 Effacer la réponse")
    assert "Réponse à « Résultats » effacée" in chat.text
    assert (await only_sheet(app.sessions)).value("resultats") == ""
    await chat.press("✏️ Résultats")  # nothing to take back any more: « Passer » again
    assert "⏭ Passer" in [b.label for b in chat.buttons()]


async def test_an_attachment_sent_by_mistake_is_taken_off_the_sheet_from_its_summary(app):
    await join(app.sessions, 412)
    chat = Chat(app.dispatcher, 412)
    await fill_whole_sheet(chat)  # ends on the summary card
    await chat.send_kind(Kind.PHOTO, file_id="AgACwrong", caption="Mauvaise <photo>")
    await chat.send_kind(Kind.DOCUMENT, file_id="BQACgood", file_name="bilan & chiffres.pdf")
    assert "📎 Pièces jointes (2)" in [b.label for b in chat.buttons()]
    await chat.press("📎 Pièces jointes (2)")
    assert "1. photo « Mauvaise &lt;photo&gt; »\n2. document « bilan &amp; chiffres.pdf »" in chat.text
    [wrong, good, back] = chat.buttons()
    assert (wrong.label, good.label, back.label) == (
        "🗑 1. photo « Mauvaise <photo> »",
        "🗑 2. document « bilan & chiffres.pdf »",
        "⬅️ Retour au récapitulatif",
    )

    await chat.press_data(wrong.data)
    assert "🗑 Retiré de la fiche : photo « Mauvaise &lt;photo&gt; »." in chat.text
    assert "1. document « bilan &amp; chiffres.pdf »" in chat.text and "Mauvaise" not in chat.buttons()[0].label
    await chat.press_data(wrong.data)  # a double tap: that screen is gone, nothing else removed
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    sheet = await only_sheet(app.sessions)
    assert [a.file_id for a in sheet.attachments] == ["BQACgood"]

    await chat.press("🗑 1. document")  # the last one: back to the card, which lists none
    assert "🗑 Retiré de la fiche : document « bilan &amp; chiffres.pdf »." in chat.text
    assert "Pièces jointes" not in chat.text.split("Retiré de la fiche")[1]
    assert "📨 Soumettre pour relecture" in [b.label for b in chat.buttons()]
    assert (await only_sheet(app.sessions)).attachments == []


async def test_a_forged_attachment_id_removes_nothing(app):
    await join(app.sessions, 413)
    other = Chat(app.dispatcher, 414)
    await join(app.sessions, 414, code="31555", town="Toulouse")
    await fill_whole_sheet(other)
    await other.send_kind(Kind.PHOTO, file_id="AgACtoulouse")
    theirs = (await only_sheet(app.sessions)).attachments[0].id
    chat = Chat(app.dispatcher, 413)
    await fill_whole_sheet(chat)
    await chat.send_kind(Kind.PHOTO, file_id="AgACmine")
    await chat.press("📎 Pièces jointes (1)")
    token = chat.buttons()[0].data.split(":")[2]
    await chat.press_data(f"shf:r:{token}:{theirs}")
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    async with app.sessions() as session:
        assert await session.get(SheetAttachment, theirs) is not None


async def test_a_paste_telegram_cut_in_parts_saves_no_fragment(app, clock):
    """10,000 characters pasted at « Titre » arrive as three messages of 4,096, 4,096 and 1,808:
    the first is refused as too long, the two that follow within seconds are its rest, not answers."""
    chat = await at_question(app, 415)
    text = ("Nous avons ouvert un portail famille. " * 300)[:10_000]
    await chat.send(text[:4096])
    assert "bien trop long pour « Titre »" in chat.text and "rien n'a été enregistré" in chat.text
    assert "4\u202f096" not in chat.text  # only the first part: its length would mislead
    for part in (text[4096:8192], text[8192:]):
        clock.advance(seconds=1)
        await chat.send(part)
        assert chat.text.startswith("Ce message est la suite du précédent") and "Question 2/8" not in chat.text
    assert (await only_sheet(app.sessions)).title == ""

    clock.advance(seconds=5)  # a retry, after reading the refusal: an answer again
    await chat.send("Portail famille")
    assert "Question 2/8" in chat.text
    assert (await only_sheet(app.sessions)).title == "Portail famille"


async def test_a_short_retry_right_after_a_too_long_answer_is_an_answer(app):
    """Only a text as long as Telegram's cut has parts coming: 150 characters then a shorter
    retry at once is the person correcting themselves."""
    chat = await at_question(app, 416)
    await chat.send("x" * 150)
    await chat.send("Application de la ville")
    assert "Question 2/8" in chat.text


async def test_the_rest_of_a_long_question_gets_no_answer_of_its_own(app, clock):
    await join(app.sessions, 417)
    chat = Chat(app.dispatcher, 417)
    await chat.send("/menu")
    await chat.send("combien coute le label " * 200)
    assert "trop long" in chat.text
    clock.advance(seconds=2)
    await chat.send("et pour une commune de 500 habitants ?")
    assert chat.texts == [
        "Ce message est la suite du précédent, que Telegram a coupé car il était trop long : je ne "
        "l'enregistre pas. Envoyez un texte plus court, en un seul message."
    ]


async def test_a_paste_cut_short_of_the_limit_or_in_three_uneven_parts_saves_no_fragment(app, clock):
    """Telegram Desktop cuts at the last paragraph break before 4,096 characters (3,960 here), and
    an emoji counts two: the parts that follow, even a short middle one, are the paste's rest."""
    chat = await at_question(app, 418)
    await chat.send("Nous avons ouvert un portail famille 🎉 " * 99)  # 3,960 characters, 4,059 as Telegram counts
    assert "rien n'a été enregistré" in chat.text
    for part in ("pour la cantine.", "Et le périscolaire aussi, depuis septembre."):
        clock.advance(seconds=1)
        await chat.send(part)
        assert chat.text.startswith("Ce message est la suite du précédent"), part
    assert (await only_sheet(app.sessions)).title == ""


async def test_a_statement_typed_on_the_sheet_card_is_said_not_saved_not_answered_from_the_faq(app):
    await join(app.sessions, 416)
    chat = Chat(app.dispatcher, 416)
    await fill_whole_sheet(chat)  # the card is on screen, with its buttons
    before = {a.field: a.value for a in (await only_sheet(app.sessions)).answers}
    await chat.send("Version 2 : espace numérique avec une conseillère numérique le mardi matin.")
    assert chat.texts[0].startswith("↩️ Je n'ai rien enregistré")
    assert "📨 Soumettre pour relecture" in [b.label for b in chat.buttons()]  # the card again
    assert {a.field: a.value for a in (await only_sheet(app.sessions)).answers} == before

    await chat.send("c'est quand la date limite ?")  # a question is still answered, then the card
    assert "date limite" in chat.texts[0].lower() and "rien enregistré" not in chat.texts[0]


async def test_annuler_in_a_sheet_says_it_is_kept_once_with_one_way_back(app):
    chat = await at_question(app, 411, ["Portail famille"])
    await chat.send("/annuler")
    [message] = chat.texts  # one message: the draft kept, then the menu
    assert "La fiche « Portail famille » est enregistrée (question 2/8)" in message
    assert "Que souhaitez-vous faire ?" in message
    labels = [b.label for b in chat.buttons()]
    assert labels.count("▶️ Reprendre « Portail famille » (question 2/8)") == 1
    await chat.press("▶️ Reprendre « Portail famille » (question 2/8)")
    assert "Question 2/8" in chat.text


async def test_a_staff_command_with_its_argument_runs_from_a_sheet_question(app):
    from tests.conftest import STAFF_ID

    chat = await at_question(app, STAFF_ID, ["Portail famille"])
    await chat.send("/equipe 81004")
    assert "Je n'ai pas lancé" not in chat.text and "Équipe du dossier d'Albi" in chat.text
    assert "La fiche « Portail famille » est enregistrée (question 2/8)" in chat.text
