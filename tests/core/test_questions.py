"""Questions on the label through the core: answers, suggestions, decline, forward, staff relay, learning."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.events import SendText
from storage.models import AuditEntry
from storage.models.faq import ForwardedQuestion, LearnedPhrasing
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


async def test_out_of_scope_questions_are_declined_politely(app):
    chat = await _ready(app, 304)
    for question in ("quel temps fera-t-il demain à Brest ?", "quel temps fait il a brest"):
        await chat.send(question)
        assert "Je ne réponds qu'aux questions sur le label" in chat.text, question


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
        await chat.send("quelle est la date")
        assert "Vouliez-vous dire" in chat.text
        labels = [b.label for b in chat.buttons()]
        assert labels[-1] == "Aucune de celles-ci"
        assert {"Quelle est la date de clôture ?", "Quelle est la date du jury ?"} <= set(labels)
        await chat.press("Quelle est la date du jury ?")
        assert chat.text == "Le jury se réunit le pas encore annoncée."
        await chat.send("quelle est la date")
        await chat.press("Aucune de celles-ci")
        assert "C'est transmis" in chat.text
    finally:
        await app.close()


async def test_staff_can_attach_a_question_so_the_next_asker_gets_the_answer(settings, clock, tmp_path):
    app = await _app_with_faq(settings, clock, tmp_path)
    try:
        odd = "y a-t-il un truc pour les mairies qui font des choses écolos"
        asker = await _ready(app, 307)
        await asker.send(odd)
        assert "Je n'ai pas la réponse" in asker.text or "Je ne réponds qu'aux questions sur le label" in asker.text
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
