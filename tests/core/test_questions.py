"""Questions on the label through the core: answers, suggestions, decline, forward, staff relay, learning."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.core.events import SendText
from storage.models import AuditEntry
from storage.models.faq import ForwardedQuestion, LearnedPhrasing
from storage.repositories import PeopleRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.outbox import rows


async def _ready(app, user_id: int, name: str = "Marie") -> Chat:
    chat = Chat(app.dispatcher, user_id, name)
    await chat.send("/start")
    await chat.press("Maire")
    return chat


async def test_a_question_typed_like_on_a_phone_gets_the_answer(app):
    chat = await _ready(app, 301)
    await chat.send("on est un village de 400 hab on peut candidater ?")
    shown = chat.text + " ".join(b.label for b in chat.buttons())
    assert "village" in shown.lower()  # the answer, or the right entry among the suggestions
    assert "Je n'ai pas la réponse" not in chat.text


async def test_dates_come_from_configuration_not_invented(app):
    chat = await _ready(app, 302)
    await chat.send("date limite dossier")
    assert "pas encore annoncée" in chat.text  # data/edition.toml leaves the deadline empty
    assert "{" not in chat.text


async def test_unknown_facts_offer_to_forward_and_staff_answer_is_relayed(app):
    asker = await _ready(app, 303, "Hélène")
    await asker.send("c'est combien pour participer ?")
    assert "Transmettre à l'équipe" in [b.label for b in asker.buttons()][-1] or any(
        "Transmettre" in b.label for b in asker.buttons()
    )
    await asker.press("📨 Transmettre à l'équipe")
    assert "C'est transmis" in asker.text
    assert not [a for a in asker.replies if isinstance(a, SendText) and a.chat_id == STAFF_ID]  # never direct
    [notice] = await rows(app, chat_id=STAFF_ID)  # queued in the outbox with the question
    assert "c'est combien pour participer" in notice.text and notice.dedupe_key.startswith("faq:new:")

    await asker.press_data("faq:fwd")  # double tap
    assert "déjà été transmise" in asker.text

    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    assert "c'est combien pour participer" in staff.text
    await staff.press("✍️ Répondre")
    assert "Écrivez votre réponse" in staff.text
    await staff.send("La cotisation dépend de la population : <b>voir</b> le barème & la grille.")
    assert "Aperçu" in staff.texts[0] and "Hélène" in staff.texts[0]  # read first, as the asker will
    assert "&lt;b&gt;voir&lt;/b&gt; le barème &amp; la grille" in staff.texts[1]
    assert await rows(app, chat_id=303) == []  # nothing sent yet
    await staff.press("📨 Envoyer")
    assert not [a for a in staff.replies if isinstance(a, SendText) and a.chat_id == 303]
    [relay] = await rows(app, chat_id=303)  # through the outbox, the staff member told the outcome
    assert "« c'est combien pour participer ? »" in relay.text
    assert "&lt;b&gt;voir&lt;/b&gt; le barème &amp; la grille" in relay.text
    assert relay.report["chat"] == STAFF_ID and "Hélène" in relay.report["sent"]
    assert "je la transmets à Hélène" in staff.text
    await staff.send("/questions")
    assert "Aucune question en attente" in staff.text
    async with app.sessions() as session:
        question = await session.scalar(select(ForwardedQuestion))
        audit = (await session.scalars(select(AuditEntry.action))).all()
    assert question.status == "answered" and question.answered_by == STAFF_ID
    assert "faq_answer_question" in audit


async def test_the_forward_button_under_an_older_answer_forwards_that_older_question(app):
    chat = await _ready(app, 342, "Paul")
    await chat.send("c'est combien pour participer ?")
    cost_button = next(b.data for b in chat.buttons() if b.label == "📨 Transmettre à l'équipe")
    await chat.send("quelle est la météo à Albi demain ?")  # another question, forwardable too
    await chat.press_data(cost_button)
    assert "C'est transmis ✅ : « c'est combien pour participer ? »" in chat.text
    [notice] = await rows(app, chat_id=STAFF_ID)
    assert "c'est combien pour participer" in notice.text and "météo" not in notice.text
    await chat.press_data(cost_button)  # a double tap sends nothing more
    assert "déjà été transmise" in chat.text
    await chat.press("📨 Transmettre à l'équipe")  # the latest question's own button still works
    assert "« quelle est la météo à Albi demain ? »" in chat.text
    assert len(await rows(app, chat_id=STAFF_ID)) == 2


async def test_ecrire_sends_a_message_of_ones_own_to_staff_who_answer_it(app):
    chat = await _ready(app, 340, "Nadia")
    await chat.send("je voudrais parler à quelqu'un")
    assert "✉️ Écrire à l'équipe" in [b.label for b in chat.buttons()]  # the contact answer leads there
    await chat.press("✉️ Écrire à l'équipe")
    assert "Écrivez votre message à l'équipe du label, en un seul message" in chat.text
    await chat.send_sticker()
    assert "Je ne peux transmettre que du texte" in chat.text
    await chat.send("ok")
    assert "un peu court" in chat.text
    await chat.send("x" * 1_500)
    assert "trop long pour être transmis (1\u202f500 caractères, 1\u202f000 au plus)" in chat.text
    assert await rows(app, chat_id=STAFF_ID) == []  # nothing forwarded yet
    await chat.send("Notre secrétaire <b>part</b> & je reprends le dossier : que faire ?")
    assert "C'est transmis" in chat.text
    [notice] = await rows(app, chat_id=STAFF_ID)
    assert "Nouvelle question de Nadia" in notice.text and "&lt;b&gt;part&lt;/b&gt; &amp; je reprends" in notice.text
    await chat.send("merci")  # the flow is over: small talk again, nothing forwarded twice
    assert len(await rows(app, chat_id=STAFF_ID)) == 1

    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    assert "je reprends le dossier" in staff.text
    await staff.press("✍️ Répondre")
    await staff.send("Invitez-vous depuis le compte de votre secrétaire, avec /inviter.")
    await staff.press("📨 Envoyer")
    [relay] = await rows(app, chat_id=340)
    assert "Invitez-vous depuis le compte de votre secrétaire" in relay.text


async def test_ecrire_can_be_left_and_is_listed_in_aide(app):
    chat = await _ready(app, 341)
    await chat.send("/aide")
    assert "/ecrire : écrire à l'équipe du label" in chat.text
    await chat.send("/ecrire")
    await chat.send("/annuler")
    assert "C'est annulé" in chat.text
    await chat.send("Bonjour, je voulais juste dire merci pour le webinaire")
    assert "C'est transmis" not in chat.text
    assert await rows(app, chat_id=STAFF_ID) == []


async def test_out_of_scope_questions_are_declined_politely(app):
    chat = await _ready(app, 304)
    for question in ("quel temps fera-t-il demain à Brest ?", "quel temps fait il a brest"):
        await chat.send(question)
        assert "c'est le seul sujet que je connais" in chat.text, question


async def test_greetings_and_thanks_get_a_short_reply_not_a_faq_answer(app):
    chat = await _ready(app, 305)
    await chat.send("bonjour")
    assert chat.text.startswith("Bonjour !")
    await chat.send("merci beaucoup")
    assert "Avec plaisir" in chat.text
    await chat.send("oui")
    assert "D'accord" in chat.text


TWINS = """
[[entry]]
id = "date-limite"
question = "Quelle est la date de clôture ?"
phrasings = ["date de clôture des dossiers"]
keywords = ["clôture"]
answer = "Date limite : <b>{date_limite}</b>."
related = []
source = "test"

[[entry]]
id = "date-jury"
question = "Quelle est la date du jury ?"
phrasings = ["date de réunion du jury"]
keywords = ["jury"]
answer = "Le jury se réunit le {date_jury}."
related = []
source = "test"

[[entry]]
id = "arobase-verte"
question = "Qu'est-ce que l'arobase verte ?"
phrasings = ["mention transition écologique"]
keywords = ["arobase verte"]
answer = "Une mention pour la transition écologique."
related = []
source = "test"
"""


async def _app_with_faq(settings, clock, tmp_path):
    from bot.app import build_app

    path = tmp_path / "faq.toml"
    path.write_text(TWINS, encoding="utf-8")
    settings.data.faq = str(path)
    return await build_app(settings, clock=clock)


async def test_an_ambiguous_question_offers_candidates_as_buttons(settings, clock, tmp_path):
    app = await _app_with_faq(settings, clock, tmp_path)
    try:
        chat = await _ready(app, 306)
        await chat.send("la date de réunion des dossiers")  # jury or closing: both fit
        assert "Vouliez-vous dire" in chat.text
        labels = [b.label for b in chat.buttons()]
        assert labels[-1] == "Aucune de celles-ci"
        assert {"Quelle est la date de clôture ?", "Quelle est la date du jury ?"} <= set(labels)
        await chat.press("Quelle est la date du jury ?")
        assert chat.text == "Le jury se réunit le pas encore annoncée."
        await chat.send("la date de réunion des dossiers")  # jury or closing: both fit
        await chat.press("Aucune de celles-ci")
        assert "Dites-le-moi autrement" in chat.text and "Non merci" in [b.label for b in chat.buttons()]
        await chat.send("la date, celle de la remise des prix aux lauréats")
        assert "Vouliez-vous dire" in chat.text
        await chat.press("Aucune de celles-ci")
        await chat.press("📨 Transmettre à l'équipe")
        assert "C'est transmis" in chat.text
        async with app.sessions() as session:
            sent = await session.scalar(select(ForwardedQuestion.text))
        assert sent == "la date de réunion des dossiers\n(puis : la date, celle de la remise des prix aux lauréats)"
    finally:
        await app.close()


async def test_staff_can_attach_a_question_so_the_next_asker_gets_the_answer(settings, clock, tmp_path):
    app = await _app_with_faq(settings, clock, tmp_path)
    try:
        odd = "y a-t-il un truc pour les mairies qui font des choses écolos"
        asker = await _ready(app, 307)
        await asker.send(odd)
        assert "Je n'ai pas la réponse" in asker.text or "c'est le seul sujet que je connais" in asker.text
        await asker.press("📨 Transmettre à l'équipe")
        staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
        await staff.send("/questions")
        await staff.press("🔗 Rattacher")
        await staff.press_data(next(b.data for b in staff.buttons() if b.data.endswith(":arobase-verte")))
        assert "C'est fait" in staff.text
        async with app.sessions() as session:
            assert (await session.scalar(select(LearnedPhrasing.phrasing))) == odd
        other = await _ready(app, 308)
        await other.send(odd)
        assert "mention pour la transition écologique" in other.text
    finally:
        await app.close()
    restarted = await _app_with_faq(settings, clock, tmp_path)  # learned phrasings survive a restart
    try:
        third = await _ready(restarted, 311)
        await third.send(odd)
        assert "mention pour la transition écologique" in third.text
    finally:
        await restarted.close()


async def test_faq_buttons_are_validated(app):
    chat = await _ready(app, 309)
    await chat.press_data("faq:q:nexistepas")
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    await chat.press_data("fq:ans:1")  # a staff button, forged by a non-staff user
    assert chat.callback_answer.text == "Cette action n'est plus disponible."


async def test_reload_keeps_the_previous_faq_when_the_file_is_broken(app, tmp_path):
    holder = app.content.faq
    broken = tmp_path / "faq.toml"
    broken.write_text('[[entry]]\nid = "x"\n', encoding="utf-8")
    original = holder.path
    holder.path = broken
    try:
        staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
        await staff.send("/recharger_faq")
        assert "Rechargement refusé" in staff.text and str(broken) in staff.text
    finally:
        holder.path = original
    chat = await _ready(app, 310)
    await chat.send("qui peut participer au label")
    assert "Je n'ai pas la réponse" not in chat.text


# ---- issue 13: phrasings typed on a phone, « not known » rather than a neighbour, answers leading to action


def _labels(chat: Chat) -> list[str]:
    return [b.label for b in chat.buttons()]


async def test_phone_spellings_about_the_label_are_answered_not_refused(app):
    chat = await _ready(app, 320)
    await chat.send("faut etre adherant a lassociation ?")
    assert "c'est le seul sujet que je connais" not in chat.text
    assert "niveau d'adhésion" in chat.text  # the membership entry: no published rule, forward offered
    assert "📨 Transmettre à l'équipe" in _labels(chat)
    await chat.send("c koi latlaas")
    assert "Annuaire Territorial de Liaison des Acteurs" in chat.text


async def test_the_minimum_number_of_sheets_is_not_known_and_offered_to_staff(app):
    chat = await _ready(app, 321)
    await chat.send("combien de fiches faut il remplir au minimum")
    assert "n'est pas publié" in chat.text
    assert "décrit une action numérique" not in chat.text  # not the definition of a fiche action
    assert "📨 Transmettre à l'équipe" in _labels(chat)
    await chat.press("📨 Transmettre à l'équipe")
    assert "C'est transmis" in chat.text


async def test_no_website_gets_no_definition_of_an_action(app):
    chat = await _ready(app, 322)
    await chat.send("on a meme pas de site web on peut kan meme")
    assert "l'unité d'évaluation" not in chat.text  # the definition of an action
    assert "ne disent pas explicitement" in chat.text and "📨 Transmettre à l'équipe" in _labels(chat)


async def test_what_the_label_brings_to_a_commune(app):
    chat = await _ready(app, 323)
    await chat.send("a quoi ca sert pr ma commune")
    assert "Pour votre commune" in chat.text and "mosaïque" in chat.text


async def test_the_webinar_answer_gives_the_next_open_session_and_a_button_to_register(app, settings, clock, tmp_path):
    from bot.app import build_app
    from tests.support.webinars import S1, S2, use_sessions

    past = {"id": "s0", "debut": "2026-03-01T13:00:00", "places": 5, "lien": "https://visio.example.org/s0"}
    use_sessions(settings, tmp_path, past, S2, S1)  # FakeClock: 2 March 2026
    webinars = await build_app(settings, clock=clock)
    try:
        chat = await _ready(webinars, 324)
        await chat.send("le webinair c quand svp")
        next_one = "Prochaine session du webinaire d'information : <b>jeudi 12 mars, 13 h – 14 h (1 h)</b>"
        assert next_one in chat.text  # s1, the first still open
        assert "aucune session" not in chat.text
        await chat.press("🖥 S'inscrire")
        assert "Choisissez une date" in chat.text  # the webinar registration, two sessions open

        clock.advance(days=30)  # every session has started: nothing to register for
        await chat.send("/menu")
        await chat.send("le webinair c quand svp")
        assert "aucune session annoncée pour l'instant" in chat.text
        assert "🖥 S'inscrire" not in _labels(chat)
    finally:
        await webinars.close()


async def test_how_long_the_webinar_lasts_is_answered_from_the_sessions_file(app, settings, clock, tmp_path):
    from bot.app import build_app
    from tests.support.webinars import S1, S2, use_sessions

    use_sessions(settings, tmp_path, {**S1, "duree": 90}, S2)
    webinars = await build_app(settings, clock=clock)
    try:
        chat = await _ready(webinars, 327)
        await chat.send("le webinaire dure combien de temps ?")
        assert (
            "Prochaine session du webinaire d'information : <b>jeudi 12 mars, 13 h – 14 h 30 (1 h 30)</b>" in chat.text
        )
        assert "Je n'ai pas cette information" not in chat.text
    finally:
        await webinars.close()


async def test_the_webinar_answer_never_passes_an_example_session_off_as_announced(app):
    chat = await _ready(app, 326)  # the shipped data/webinaires.toml: one example session, provisoire = true
    await chat.send("le webinair c quand svp")
    assert (
        "Prochaine session du webinaire d'information : "
        "<b>jeudi 8 avril 2027, 13 h – 14 h (1 h ; date provisoire, pas encore annoncée" in chat.text
    )


async def test_someone_who_cannot_attend_the_webinar_gets_the_associations_answer(app):
    chat = await _ready(app, 325)
    await chat.send("je ne peux pas participer au webinaire")
    assert chat.text.startswith(
        "Vous ne pouvez pas participer au webinaire ? Inscrivez-vous au label et nous prendrons contact avec vous."
    )


async def test_an_enjeu_typed_alone_is_not_refused(app):
    chat = await _ready(app, 326)
    await chat.send("culture")
    assert "c'est le seul sujet que je connais" not in chat.text
    shown = chat.text + " ".join(_labels(chat))
    assert "Culture et patrimoine" in shown or "16 enjeux" in shown


async def test_an_answer_about_sheets_opens_them(app):
    chat = await _ready(app, 327)
    await chat.send("c quoi une fiche action")
    assert "fiche action" in chat.text
    await chat.press("📝 Mes fiches actions")
    from_answer = (chat.text, _labels(chat))
    await chat.send("/menu")
    await chat.press("📝 Fiches actions")
    assert from_answer == (chat.text, _labels(chat))  # the same screen as the menu's « Fiches actions »
    assert "accord" in chat.text  # a new user is first asked what the dossier needs


async def test_an_answer_about_personal_data_gives_them(app):
    from handlers.core.events import SendDocument

    chat = await _ready(app, 328)
    await chat.send("que faites vous de mes donnees personnelles ?")
    assert "/mesdonnees" in chat.text
    await chat.press("🔐 Mes données")
    document = next(a for a in chat.replies if isinstance(a, SendDocument))
    assert document.filename == "mes-donnees-arobase.json"


async def test_asking_to_stop_the_reminders_leads_to_the_choice(app):
    chat = await _ready(app, 330)
    await chat.send("arretez de m envoyer des rappels svp")
    assert "/rappels" in chat.text
    await chat.press("🔕 Rappels et annonces")
    assert "Vous recevez les <b>rappels et annonces</b>" in chat.text
    await chat.press("🔕 Ne plus les recevoir")
    assert "je ne vous enverrai plus les rappels et annonces" in chat.text


async def test_a_neighbour_that_does_not_give_what_is_asked_is_offered_not_answered(app):
    chat = await _ready(app, 329)
    await chat.send("la ceremonie dure combien de temps ?")
    assert chat.text.startswith("Je n'ai pas cette information.")
    assert _labels(chat) == [
        "📨 Transmettre à l'équipe",
        "➜ Quand a lieu la cérémonie de remise du label ?",
        "Non merci",
    ]
    await chat.press("➜ Quand a lieu la cérémonie de remise du label ?")
    assert "Cérémonie de remise du label" in chat.text


async def test_a_staff_member_removed_while_writing_an_answer_cannot_send_it(app):
    asker = await _ready(app, 330, "Hélène")
    await asker.send("y a-t-il un truc pour les mairies qui font des choses écolos et du vélo en plus")
    await asker.press_data("faq:fwd")
    colleague = 9100
    async with app.sessions() as session, session.begin():
        (await PeopleRepository(session).get_or_create(colleague, first_name="Paul")).is_staff = True
    paul = Chat(app.dispatcher, colleague, "Paul")
    await paul.send("/questions")
    await paul.press("✍️ Répondre")
    admin = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await admin.send(f"/staff retirer {colleague}")
    assert "ne fait plus partie de l'équipe" in admin.text

    await paul.send("/aide")  # help shows the step's question again: not to someone no longer staff
    assert "Vous ne faites plus partie de l'équipe du label" in paul.text
    assert "écolos" not in paul.text and "Hélène" not in paul.text
    await paul.send("Oui, la mention verte, voici comment…")
    assert "Vous ne faites plus partie" not in paul.text  # out of the flow: an ordinary message now
    assert await rows(app, chat_id=330) == []  # nothing reaches the asker
    async with app.sessions() as session:
        question = await session.scalar(select(ForwardedQuestion))
    assert question.status == "open" and question.answer == ""
    await paul.send("/questions")
    assert "Questions en attente" not in paul.text


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        (
            "comment supprimer une fiche",
            "🗑 Supprimer le brouillon",
            "Tapez /mesdonnees",
        ),  # not « /effacer » for a sheet
        ("je veux me désinscrire du webinaire", "Touchez « 🗂 Mes inscriptions »", "inscrire directement ici"),
        ("annuler mon inscription au webinaire", "❌ Annuler", "inscrire directement ici"),
        ("comment changer ma commune", "Tapez /profil", "marque territoriale"),
        ("c combien l adhesion", "Le montant n'est pas publié", "460"),  # a price, not the association's figures
    ],
)
async def test_questions_about_using_the_bot_lead_to_the_right_command(app, question, expected, not_expected):
    chat = await _ready(app, 327)
    await chat.send(question)
    assert expected in chat.text and not_expected not in chat.text


async def test_someone_lost_is_shown_the_way_not_an_entry(app):
    chat = await _ready(app, 331)
    for lost in ("jcomprend rien", "Bonjour, je suis perdue", "j'ai rien compris"):
        await chat.send(lost)
        assert chat.texts[0].startswith("Pas d'inquiétude, je vous guide."), lost
        assert "Oui" not in chat.text and "arobase" not in chat.text.lower(), lost  # no confident neighbour
        assert _labels(chat)[-4:] == [  # the menu, to go on from
            "❓ Questions sur le label",
            "🖥 Webinaire d'information",
            "📝 Fiches actions",
            "ℹ️ Aide",
        ]
    await chat.send("merci pour votre aide")
    assert chat.text.startswith("Avec plaisir")
    await chat.send("je comprends pas la grille de notation")  # a question after all: answered as one
    assert not chat.text.startswith("Pas d'inquiétude")


async def test_an_unclear_message_is_offered_to_staff_and_the_menu(app):
    chat = await _ready(app, 332)
    await chat.send("quel temps fera-t-il demain à Brest ?")
    assert "c'est le seul sujet que je connais" in chat.text and "service concerné" not in chat.text
    assert _labels(chat) == ["📨 Transmettre à l'équipe", "🏠 Menu principal"]


async def test_an_answer_about_cancelling_a_registration_opens_the_registrations(app):
    chat = await _ready(app, 333)
    await chat.send("je peux plus venir au webinaire, annuler mon inscription stp")
    assert "🗂 Mes inscriptions" in _labels(chat)
    await chat.press("🗂 Mes inscriptions")
    assert "Vous n'avez aucune inscription à venir." in chat.text


async def test_a_staff_answer_is_previewed_and_can_be_rewritten_or_dropped(app):
    asker = await _ready(app, 334, "Hélène")
    await asker.send("y a-t-il un truc pour les mairies qui font des choses écolos et du vélo en plus")
    await asker.press_data("faq:fwd")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    await staff.press("✍️ Répondre")
    await staff.send("Oui, la mention verte, avec une fote.")
    await staff.press("✏️ Modifier")
    assert "Écrivez votre réponse" in staff.text
    await staff.send("Oui : la mention « Numérique responsable ».")
    assert "la mention « Numérique responsable »" in staff.texts[1] and "fote" not in staff.text
    await staff.press("✖️ Annuler")
    assert "rien n'a été envoyé, la question reste en attente" in staff.text
    assert await rows(app, chat_id=334) == []
    await staff.send("/questions")
    assert "écolos" in staff.text  # still waiting for an answer


async def test_a_previewed_answer_is_not_sent_by_someone_removed_from_the_team(app):
    asker = await _ready(app, 335, "Hélène")
    await asker.send("y a-t-il un truc pour les mairies qui font des choses écolos et du vélo en plus")
    await asker.press_data("faq:fwd")
    colleague = 9101
    async with app.sessions() as session, session.begin():
        (await PeopleRepository(session).get_or_create(colleague, first_name="Paul")).is_staff = True
    paul = Chat(app.dispatcher, colleague, "Paul")
    await paul.send("/questions")
    await paul.press("✍️ Répondre")
    await paul.send("Oui, la mention verte.")
    send = next(b.data for b in paul.buttons() if b.label == "📨 Envoyer")
    await Chat(app.dispatcher, STAFF_ID, "Équipe").send(f"/staff retirer {colleague}")

    await paul.press_data(send)
    assert paul.callback_answer.text == "Cette action n'est plus disponible."
    assert "Vous ne faites plus partie de l'équipe du label" in paul.text
    assert await rows(app, chat_id=335) == []


async def test_a_previewed_answer_is_never_lost_without_a_word(app):
    asker = await _ready(app, 336, "Hélène")
    await asker.send("y a-t-il un truc pour les mairies qui font des choses écolos et du vélo en plus")
    await asker.press_data("faq:fwd")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")
    reply = next(b.data for b in staff.buttons() if b.label == "✍️ Répondre")
    await staff.press_data(reply)
    await staff.send("Oui, la mention verte, avec une fote.")
    await staff.send("Oui : la mention « Numérique responsable ».")  # typed at the preview: the new answer
    assert "Aperçu" in staff.texts[0] and "Numérique responsable" in staff.texts[1]
    await staff.send("/menu")
    assert "Votre réponse à Hélène" in staff.text and "n'a pas été envoyée" in staff.text
    assert await rows(app, chat_id=336) == []
    await staff.press_data(reply)
    await staff.send("Oui : la mention « Numérique responsable ».")
    await staff.press("📨 Envoyer")
    [relay] = await rows(app, chat_id=336)
    assert "Numérique responsable" in relay.text and "fote" not in relay.text


async def test_someone_removed_mid_answer_who_taps_another_feature_gets_it(app):
    asker = await _ready(app, 337, "Hélène")
    await asker.send("y a-t-il un truc pour les mairies qui font des choses écolos et du vélo en plus")
    await asker.press_data("faq:fwd")
    colleague = 9102
    async with app.sessions() as session, session.begin():
        (await PeopleRepository(session).get_or_create(colleague, first_name="Paul")).is_staff = True
    paul = Chat(app.dispatcher, colleague, "Paul")
    await paul.send("/questions")
    await paul.press("✍️ Répondre")
    await Chat(app.dispatcher, STAFF_ID, "Équipe").send(f"/staff retirer {colleague}")
    await paul.press_data("menu:faq")  # « ❓ Questions sur le label » from an older menu
    assert "Vous ne faites plus partie de l'équipe du label" in paul.texts[0]
    assert "Posez-moi votre question" in paul.text  # the button still does what it says


async def test_closing_a_question_without_an_answer_asks_first_and_tells_the_asker_once(app):
    first, second = await _ready(app, 341, "Hélène"), await _ready(app, 342, "Marc")
    for asker, text in ((first, "c'est combien pour participer ?"), (second, "combien coute le panneau ?")):
        await asker.send(text)
        await asker.press("📨 Transmettre à l'équipe")
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/questions")

    def first_question(label: str) -> str:  # the oldest, listed first
        cards = [a for a in staff.replies if isinstance(a, SendText) and a.buttons]
        return next(b.data for row in cards[0].buttons for b in row if b.label == label)

    await staff.press_data(first_question("🔗 Rattacher"))
    assert "↩️ Laisser la question ouverte" in [b.label for b in staff.buttons()]  # a way back
    await staff.press("↩️ Laisser la question ouverte")
    assert "reste ouverte" in staff.text

    await staff.send("/questions")
    await staff.press_data(first_question("Clore sans réponse"))
    assert "Clore sans réponse la question de" in staff.text and "Hélène" in staff.text
    await staff.press("📨 Clore et prévenir la personne")
    assert "Hélène" in staff.text and "en est prévenu·e" in staff.text
    [told] = await rows(app, chat_id=341)  # through the outbox
    assert "a lu votre question" in told.text and "c'est combien pour participer" in told.text
    await staff.press("📨 Clore et prévenir la personne")  # a double tap
    assert "déjà été traitée" in staff.text and len(await rows(app, chat_id=341)) == 1

    await staff.send("/questions")
    await staff.press("Clore sans réponse")
    await staff.press("Clore sans prévenir (spam, doublon)")
    assert staff.text == "Question close sans réponse."
    assert await rows(app, chat_id=342) == []
    await staff.send("/questions")
    assert "Aucune question en attente" in staff.text


async def test_an_answer_s_button_taken_in_the_middle_of_a_sheet_says_the_draft_is_kept(app):
    from tests.support.sheets import at_question

    chat = await at_question(app, 360, ["Portail famille"])
    await chat.press_data("faq:do:ecrire")  # « ✉️ Écrire à l'équipe » under an answer given earlier
    assert "La fiche « Portail famille » est enregistrée (question 2/8)" in chat.text
    assert "Écrivez votre message à l'équipe du label" in chat.text


async def test_a_message_to_the_team_starting_with_a_command_is_not_taken_as_that_command(app):
    chat = await _ready(app, 361)
    await chat.send("/ecrire")
    await chat.send("/fiches ne s'ouvre pas chez moi")
    assert "Je n'ai pas lancé /fiches" in chat.text and "renvoyez-la sans le « / »" in chat.text
    assert "Écrivez votre message" in chat.text
    await chat.send("/fiches")  # the command alone: it runs
    assert "Vous êtes en cours de saisie" not in chat.text
