"""The guided collection through the core: a full sheet, resume, edit from the summary, submit."""

from __future__ import annotations

from sqlalchemy import delete

from bot.app import build_app
from handlers.core.events import Kind, SendFile, SendText
from storage.models import Person, SheetAnswer, SheetStatus
from tests.support.chat import Chat
from tests.support.sheets import ANSWERS, all_sheets, at_question, fill_whole_sheet, join, only_sheet


async def with_a_full_sheet(app, user_id: int) -> Chat:
    """A member of Albi whose first sheet (Éducation) is answered in full, its card on screen."""
    await join(app.sessions, user_id)
    chat = Chat(app.dispatcher, user_id)
    await fill_whole_sheet(chat)
    return chat


async def test_dossier_shows_the_mosaic_of_the_edition(app):
    await join(app.sessions, 301)
    chat = Chat(app.dispatcher, 301)
    await chat.send("/start fiches")
    assert "Fiches actions — Albi" in chat.text and "Édition 2027" in chat.text
    assert "⬜ Sans fiche pour l'instant : Emploi, Culture et patrimoine" in chat.text
    assert "Transition écologique et sobriété numérique*" in chat.text and "nom provisoire" in chat.text
    labels = [b.label for b in chat.buttons()]
    assert "Emploi" in labels and "🖼 Voir ma mosaïque" in labels and "📄 Exporter mon dossier" in labels


async def test_menu_button_opens_the_sheets(app):
    await join(app.sessions, 302)
    chat = Chat(app.dispatcher, 302)
    await chat.send("/menu")
    await chat.press("📝 Fiches actions")
    assert "Fiches actions — Albi" in chat.text


async def test_a_full_sheet_question_by_question_then_summary_and_submission(app):
    await join(app.sessions, 303)
    chat = Chat(app.dispatcher, 303)
    await chat.send("/start fiches")
    await chat.press("Éducation")
    assert "Quels services numériques" in chat.text
    await chat.press("✅ Valider (0)")
    assert chat.callback_answer.text.startswith("Cochez au moins un service")
    await chat.press("⬜ Inscriptions scolaires et périscolaires en ligne")
    assert "☑️ Inscriptions scolaires et périscolaires en ligne" in [b.label for b in chat.buttons()]
    await chat.press("✅ Valider (1)")
    assert "Question 1/8" in chat.text and "▰▱▱▱▱▱▱▱" in chat.text and "titre de votre action" in chat.text
    assert [b.label for b in chat.buttons()] == [
        "⬅️ Retour",
        "💾 Enregistrer et quitter",
        "📋 Toute la fiche",
    ]  # no Passer

    await chat.send(ANSWERS["titre"])
    assert "✅ C'est enregistré (Titre)." in chat.text and "Question 2/8" in chat.text
    await chat.send(ANSWERS["synthese"])
    assert "Question 3/8" in chat.text
    assert [b.label for b in chat.buttons()][:3] == ["En projet", "En cours", "Réalisé"]
    await chat.press("Réalisé")
    assert (
        "Question 4/8" in chat.text and "(facultatif)" in chat.text and "⏭ Passer" in [b.label for b in chat.buttons()]
    )
    await chat.send(ANSWERS["resultats"])
    await chat.press("⏭ Passer")  # outils
    await chat.send(ANSWERS["partenaires"])
    await chat.send("01/09/2025")
    assert "Question 8/8" in chat.text
    await chat.send("www.albi.fr/portail-famille")

    card = chat.text
    assert "✅ C'est enregistré (Lien : https://www.albi.fr/portail-famille)." in card  # read back as understood
    assert "📋 <b>Portail famille en ligne</b>" in card
    assert "<b>Outils</b> : <i>pas de réponse</i>" in card
    assert "<b>Date de début</b> : 1er septembre 2025" in card
    assert "<b>Lien</b> : https://www.albi.fr/portail-famille" in card
    assert "✏️ Titre" in [b.label for b in chat.buttons()]

    await chat.press("📨 Soumettre pour relecture")
    await chat.press("📨 Oui, soumettre")
    assert "soumise pour relecture" in chat.text and "Une autre action pour « Éducation »" in chat.text
    assert [b.label for b in chat.buttons()] == [
        "➕ Oui, une autre action",
        "➡️ Enjeu suivant : Démocratie locale",
        "📋 Mon dossier",
    ]
    sheet = await only_sheet(app.sessions)
    assert sheet.status == SheetStatus.SOUMISE and sheet.submitted_at is not None
    assert sheet.value("niveau") == "Réalisé" and sheet.value("date_debut") == "2025-09-01"
    assert sheet.value("outils") == ""

    await chat.press("➡️ Enjeu suivant : Démocratie locale")
    assert "Démocratie locale" in chat.text and "Quels services numériques" in chat.text


async def test_every_answer_is_kept_through_menu_cancel_silence_and_restart(app, settings, clock):
    await join(app.sessions, 304)
    chat = Chat(app.dispatcher, 304)
    await chat.send("/start fiches")
    await chat.press("Emploi")
    await chat.press("⬜ Accès à l'emploi")
    await chat.press("✅ Valider (1)")
    await chat.send("Atelier CV numérique")
    await chat.send("Un atelier hebdomadaire à la médiathèque.")
    await chat.press("En cours")
    await chat.send("/menu")
    await chat.send("/annuler")
    clock.advance(days=1)

    restarted = await build_app(settings, clock=clock)
    try:
        chat = Chat(restarted.dispatcher, 304)
        await chat.send("/start fiches")
        assert "▶️ Reprendre « Atelier CV numérique » (question 4/8)" in [b.label for b in chat.buttons()]
        await chat.press("▶️ Reprendre")
        assert "Question 4/8" in chat.text and "Quels résultats" in chat.text
    finally:
        await restarted.close()
    sheet = await only_sheet(app.sessions)
    assert (sheet.title, sheet.value("synthese"), sheet.value("niveau")) == (
        "Atelier CV numérique",
        "Un atelier hebdomadaire à la médiathèque.",
        "En cours",
    )


async def test_save_and_quit_then_resume_where_it_stopped(app):
    await join(app.sessions, 305)
    chat = Chat(app.dispatcher, 305)
    await chat.send("/start fiches")
    await chat.press("Médiation")
    await chat.press("⬜ Lutte contre la désinformation")
    await chat.press("✅ Valider (1)")
    await chat.send("Ateliers infox")
    await chat.press("💾 Enregistrer et quitter")
    assert "C'est enregistré : « Ateliers infox » (question 2/8)" in chat.text
    await chat.press("📋 Mon dossier")
    assert "• « Ateliers infox » — question 2/8" in chat.text
    await chat.press("▶️ Reprendre « Ateliers infox » (question 2/8)")
    assert "Question 2/8" in chat.text


async def test_back_goes_to_the_previous_question_and_keep_leaves_the_answer(app):
    await join(app.sessions, 306)
    chat = Chat(app.dispatcher, 306)
    await chat.send("/start fiches")
    await chat.press("Culture et patrimoine")
    await chat.press("⬜ Accès aux ressources culturelles")
    await chat.press("✅ Valider (1)")
    await chat.send("Médiathèque numérique")
    await chat.press("⬅️ Retour")
    assert "Question 1/8" in chat.text and "Réponse actuelle : « Médiathèque numérique »" in chat.text
    await chat.press("✅ Garder la réponse actuelle")
    assert "Question 2/8" in chat.text
    await chat.press("⬅️ Retour")
    await chat.press("⬅️ Retour")
    assert "Quels services numériques" in chat.text


async def test_edit_a_field_from_the_summary_returns_to_the_summary(app):
    chat = await with_a_full_sheet(app, 307)
    await chat.press("✏️ Synthèse")
    assert "Question 2/8" in chat.text and "⬅️ Retour au récapitulatif" in [b.label for b in chat.buttons()]
    await chat.send("Une synthèse plus précise.")
    assert (
        "✅ C'est enregistré (Synthèse)." in chat.text and "<b>Synthèse</b> : Une synthèse plus précise." in chat.text
    )
    await chat.press("✏️ Services")
    await chat.press("⬜ Organisation de la communauté éducative")
    await chat.press("✅ Valider (2)")
    assert "Organisation de la communauté éducative" in chat.text and "📋 <b>Portail famille en ligne</b>" in chat.text
    await chat.press("✏️ Niveau de réalisation")
    assert "✓ En cours" in [b.label for b in chat.buttons()]
    await chat.press("En projet")
    assert "<b>Niveau de réalisation</b> : En projet" in chat.text
    sheet = await only_sheet(app.sessions)
    assert sheet.value("synthese") == "Une synthèse plus précise." and sheet.value("niveau") == "En projet"


async def test_submitted_sheet_is_read_only_until_sent_back(app):
    chat = await with_a_full_sheet(app, 308)
    summary_buttons = chat.buttons()
    await chat.press("📨 Soumettre pour relecture")
    await chat.press("📨 Oui, soumettre")
    sheet = await only_sheet(app.sessions)
    await chat.press_data(f"shd:o:{sheet.id}")
    assert "en relecture par l'équipe" in chat.text and not any(b.label.startswith("✏️") for b in chat.buttons())
    edit = next(b for b in summary_buttons if b.label == "✏️ Titre")
    await chat.press_data(edit.data)  # an old edit button
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    assert (await only_sheet(app.sessions)).title == ANSWERS["titre"]


async def test_double_tap_on_submit_submits_once(app):
    chat = await with_a_full_sheet(app, 309)
    submit = next(b for b in chat.buttons() if b.label.startswith("📨"))
    await chat.press_data(submit.data)
    assert "Soumettre « Portail famille en ligne » à l'équipe du label ?" in chat.text
    yes = next(b for b in chat.buttons() if b.label == "📨 Oui, soumettre")
    await chat.press_data(submit.data)  # the card's button again: no second question
    assert chat.callback_answer.text == "La question est juste en dessous : « Oui, soumettre » ou « Non »."
    assert not [a for a in chat.replies if isinstance(a, SendText)]
    await chat.press_data(yes.data)  # the question asked first still answers
    assert "soumise pour relecture" in chat.text
    for data in (yes.data, submit.data):
        await chat.press_data(data)
        assert chat.callback_answer.text == "Cette fiche est déjà soumise pour relecture."
    sheets = await all_sheets(app.sessions)
    assert len(sheets) == 1 and sheets[0].status == SheetStatus.SOUMISE


async def test_save_and_quit_under_an_older_question_still_leaves(app):
    chat = await at_question(app, 322)
    old_quit = next(b.data for b in chat.buttons() if b.label == "💾 Enregistrer et quitter")  # question 1
    await chat.send("Portail famille")
    await chat.press_data(old_quit)  # the button of question 1, now two screens up
    assert chat.callback_answer is None or chat.callback_answer.text != "Cette action n'est plus disponible."
    assert "Portail famille" in chat.text and "plus valable" not in chat.text
    await chat.send("/fiches")  # out of the flow: the dossier, not « vous êtes en cours de saisie »
    assert "en cours de saisie" not in chat.text
    assert (await only_sheet(app.sessions)).title == "Portail famille"


async def test_a_field_emptied_while_submit_is_asked_brings_back_the_card(app):
    chat = await with_a_full_sheet(app, 321)
    await chat.press("📨 Soumettre pour relecture")
    sheet = await only_sheet(app.sessions)
    async with app.sessions() as session, session.begin():  # a colleague empties the synthesis meanwhile
        await session.execute(
            delete(SheetAnswer).where(SheetAnswer.sheet_id == sheet.id, SheetAnswer.field == "synthese")
        )
    await chat.press("📨 Oui, soumettre")
    assert "Avant de soumettre, il manque : Synthèse" in chat.text
    assert "✏️ Synthèse" in [b.label for b in chat.buttons()]
    await chat.press("✏️ Synthèse")  # the card's buttons work: no « plus valable »
    assert "Décrivez l'action" in chat.text
    assert (await only_sheet(app.sessions)).status == SheetStatus.BROUILLON


async def test_submitting_asks_first_and_no_keeps_the_draft_editable(app):
    chat = await with_a_full_sheet(app, 319)
    await chat.press("📨 Soumettre pour relecture")
    assert chat.text == (
        "Soumettre « Portail famille en ligne » à l'équipe du label ?\n"
        "Pendant la relecture, vous ne pourrez plus modifier la fiche."
    )
    assert [b.label for b in chat.buttons()] == ["📨 Oui, soumettre", "⬅️ Non, revenir à la fiche"]
    await chat.send("Je préfère relire encore une fois ma fiche avant de l'envoyer au jury")
    assert "Je n'ai rien enregistré" in chat.texts[0] and "Pendant la relecture" in chat.text  # asked again
    await chat.press("⬅️ Non, revenir à la fiche")
    assert "✏️ Titre" in [b.label for b in chat.buttons()]
    assert (await only_sheet(app.sessions)).status == SheetStatus.BROUILLON
    await chat.press("✏️ Titre")
    await chat.send("Portail famille et cantine")
    await chat.press("📨 Soumettre pour relecture")
    await chat.send("oui")  # the button named is pressed
    assert "Fiche « Portail famille et cantine » soumise pour relecture" in chat.texts[-2]
    assert (await only_sheet(app.sessions)).status == SheetStatus.SOUMISE


async def test_submit_lists_what_is_missing(app):
    await join(app.sessions, 310)
    chat = Chat(app.dispatcher, 310)
    await chat.send("/start fiches")
    await chat.press("Innovation")
    await chat.press("⬜ Territoire intelligent")
    await chat.press("✅ Valider (1)")
    await chat.send("Capteurs de qualité de l'air")
    await chat.press("💾 Enregistrer et quitter")
    sheet = await only_sheet(app.sessions)
    await chat.press_data(f"shd:o:{sheet.id}")  # resumes at question 2
    await chat.press("💾 Enregistrer et quitter")
    async with app.sessions() as session, session.begin():
        (await session.get(type(sheet), sheet.id)).position = 8
    await chat.press_data(f"shd:o:{sheet.id}")
    await chat.press("📨 Soumettre pour relecture")
    assert "il manque : Synthèse, Niveau de réalisation" in chat.text
    assert (await only_sheet(app.sessions)).status == SheetStatus.BROUILLON


async def test_deleting_a_draft_asks_for_confirmation(app):
    chat = await with_a_full_sheet(app, 311)
    await chat.press("🗑 Supprimer le brouillon")
    assert "Supprimer définitivement le brouillon « Portail famille en ligne »" in chat.text
    await chat.press("Non, garder")
    assert "📋 <b>Portail famille en ligne</b>" in chat.text and len(await all_sheets(app.sessions)) == 1
    await chat.press("🗑 Supprimer le brouillon")
    await chat.press("🗑 Oui, supprimer")
    assert "Le brouillon « Portail famille en ligne » est supprimé." in chat.text
    assert await all_sheets(app.sessions) == []


async def test_after_a_sheet_another_one_in_the_same_enjeu_then_the_enjeu_lists_both(app):
    chat = await with_a_full_sheet(app, 312)
    await chat.press("📨 Soumettre pour relecture")
    await chat.press("📨 Oui, soumettre")
    await chat.press("➕ Oui, une autre action")
    assert "Quels services numériques" in chat.text
    await chat.press(next(b.label for b in chat.buttons() if b.label.startswith("⬜")))  # its first answer
    await chat.press("💾 Enregistrer et quitter")
    await chat.send("/start fiches")
    assert "🟩 Éducation : 2 fiches dont 1 à terminer" in chat.text
    await chat.press("Éducation (2)")
    assert "📨 Soumise, en relecture" in chat.text and "📝 Brouillon" in chat.text
    assert "➕ Nouvelle fiche pour cet enjeu" in [b.label for b in chat.buttons()]


async def test_a_new_sheet_button_tapped_twice_makes_one_draft(app):
    await join(app.sessions, 313)
    chat = Chat(app.dispatcher, 313)
    await chat.send("/start fiches")
    await chat.press_data("shd:n:emploi")
    await chat.press_data("shd:n:emploi")
    assert len(await all_sheets(app.sessions)) == 1


async def test_a_person_without_collectivity_is_asked_for_their_profile_first(app):
    chat = Chat(app.dispatcher, 314)
    await chat.send("/start")
    await chat.press("Maire")
    await chat.press("📝 Fiches actions")
    assert "Il me faut quelques informations" in chat.text
    async with app.sessions() as session:
        from sqlalchemy import select

        assert (await session.scalar(select(Person.collectivity_id).where(Person.telegram_id == 314))) is None
    assert await all_sheets(app.sessions) == []


async def test_a_sheet_sent_back_shows_the_staff_comment_and_can_be_resubmitted(app, clock):
    from storage.models import CommentKind
    from storage.repositories import SheetsRepository

    chat = await with_a_full_sheet(app, 315)
    await chat.press("📨 Soumettre pour relecture")
    await chat.press("📨 Oui, soumettre")
    sheet = await only_sheet(app.sessions)
    async with app.sessions() as session, session.begin():
        assert await SheetsRepository(session).set_status(
            sheet.id,
            SheetStatus.A_CORRIGER,
            expected=[SheetStatus.SOUMISE],
            now=clock(),
            by=9000,
            comment=(CommentKind.CORRECTION, "résultats", "Précisez les <chiffres> & la date."),
        )
    await chat.send("/start fiches")
    assert "▶️ Reprendre « Portail famille en ligne » (à corriger)" in [b.label for b in chat.buttons()]
    await chat.press("▶️ Reprendre")
    assert "Statut : ✏️ À corriger" in chat.text
    assert "Commentaire de l'équipe</b> : Précisez les &lt;chiffres&gt; &amp; la date." in chat.text
    assert "🗑 Supprimer le brouillon" not in [b.label for b in chat.buttons()]
    await chat.press("✏️ Résultats")
    await chat.send("312 familles, depuis le 1er septembre 2025.")
    await chat.press("📨 Soumettre à nouveau")
    await chat.press("📨 Oui, soumettre")
    assert "soumise pour relecture" in chat.text
    async with app.sessions() as session:
        repo = SheetsRepository(session)
        assert [c.kind for c in await repo.comments(sheet.id)] == ["correction", "resubmission"]
        assert (await repo.get_for_staff(sheet.id)).status == SheetStatus.SOUMISE


async def test_my_data_lists_my_answers_and_erasing_keeps_the_collectivity_sheet(app):
    import json

    from handlers.core.events import SendDocument

    chat = await with_a_full_sheet(app, 316)
    await chat.send("/menu")
    await chat.send("/mesdonnees")
    [export] = [r for r in chat.replies if isinstance(r, SendDocument)]
    mine = json.loads(export.content)["fiches_actions"]
    assert {"fiche": mine["fiches_creees"][0]["fiche"], "champ": "titre", "valeur": ANSWERS["titre"]} in mine[
        "reponses"
    ]
    assert "fiches actions" in chat.text
    await chat.send("/effacer")
    await chat.press("🗑 Oui, effacer mes données")
    sheet = await only_sheet(app.sessions)
    assert sheet.title == ANSWERS["titre"] and sheet.created_by == 0
    assert all(a.updated_by == 0 for a in sheet.answers)


async def test_a_submitted_sheet_says_what_comes_next_and_gives_its_files_to_members_only(app):
    chat = await with_a_full_sheet(app, 330)
    await chat.send_kind(Kind.PHOTO, file_id="AgACatelier", caption="Atelier <1> & co")
    await chat.press("📨 Soumettre")
    await chat.press("📨 Oui, soumettre")
    sheet_id = (await only_sheet(app.sessions)).id
    await chat.send("/fiches")
    await chat.press("Éducation")
    await chat.press("📨 Portail famille en ligne")
    assert "en relecture" in chat.text and "L'équipe vous répondra ici" in chat.text
    labels = [b.label for b in chat.buttons()]
    assert "✉️ Écrire à l'équipe" in labels and "📋 Mon dossier" in labels
    await chat.press("📎 Recevoir les pièces jointes (1)")
    [photo] = [a for a in chat.replies if isinstance(a, SendFile)]
    assert (photo.file_id, photo.kind) == ("AgACatelier", "photo")
    assert photo.caption == "« Portail famille en ligne » — Atelier &lt;1&gt; &amp; co"

    await join(app.sessions, 331, name="Karim Benali", member=False)  # says he works for Albi
    karim = Chat(app.dispatcher, 331, "Karim")
    await karim.press_data(f"shd:f:{sheet_id}")
    assert not any(isinstance(a, SendFile) for a in karim.replies)


async def test_co_members_are_told_which_sheet_lost_the_files_of_someone_who_erased_their_data(app):
    from sqlalchemy import select

    from storage.models import OutboxMessage

    paul = await with_a_full_sheet(app, 332)
    await paul.send_kind(Kind.PHOTO, file_id="AgACp1")
    await paul.send_kind(Kind.PHOTO, file_id="AgACp2")
    await join(app.sessions, 333, name="Lina Haddad")  # his colleague, a member of Albi too
    await paul.send("/effacer")
    await paul.press("🗑 Oui, effacer mes données")
    assert (await only_sheet(app.sessions)).attachments == []
    async with app.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "membership"))).all()
    assert [r.chat_id for r in rows] == [333]  # not the person who erased
    assert "La fiche « Portail famille en ligne » a perdu 2 pièces jointes" in rows[0].text
    assert "les avait envoyées a effacé ses données" in rows[0].text
    lina = Chat(app.dispatcher, 333)
    await lina.press_data(rows[0].buttons[0][0]["data"])
    assert "Portail famille en ligne" in lina.text


async def test_a_sheet_in_review_that_loses_files_is_told_to_the_team_too(app):
    from sqlalchemy import select

    from storage.models import OutboxMessage
    from tests.conftest import STAFF_ID

    paul = await with_a_full_sheet(app, 334)
    await paul.send_kind(Kind.PHOTO, file_id="AgACp3")
    await paul.press("📨 Soumettre")
    await paul.press("📨 Oui, soumettre")
    await join(app.sessions, 335, name="Lina Haddad")
    await paul.send("/effacer")
    await paul.press("🗑 Oui, effacer mes données")
    async with app.sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "membership"))).all()
    told = {r.chat_id: r.text for r in rows}
    assert set(told) == {335, STAFF_ID}
    assert "a perdu 1 pièce jointe : la personne qui l'avait envoyée a effacé ses données" in told[335]
    assert "l'équipe du label en est informée" in told[335] and "Vous pouvez en joindre" not in told[335]
    assert "(Albi)" in told[STAFF_ID]
