"""The first conversation through the neutral core: welcome, role, menu, help, cancel, bad input."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.events import Kind
from storage.models import ConversationState, Person
from tests.support.chat import Chat


async def test_new_user_is_welcomed_and_asked_who_they_are(app):
    chat = Chat(app.dispatcher, 101, "Marie")
    await chat.send("/start")
    assert "Bonjour Marie" in chat.text and "qui êtes-vous" in chat.text
    assert [b.label for b in chat.buttons()] == ["Maire", "Élu·e", "Agent·e", "Autre"]

    await chat.press("Maire")
    assert "Vous êtes : <b>Maire</b>" in chat.text
    assert "Questions sur le label" in next(b.label for b in chat.buttons())
    async with app.sessions() as session:
        person = await session.scalar(select(Person).where(Person.telegram_id == 101))
    assert person.role == "maire"


async def test_known_user_gets_the_menu_straight_away(app):
    chat = Chat(app.dispatcher, 102)
    await chat.send("/start")
    await chat.press("Agent·e")
    await chat.send("/start")
    assert "Que souhaitez-vous faire" in chat.text
    assert len(chat.buttons()) == 4


async def test_forged_and_stale_buttons_get_a_polite_answer_and_the_menu(app):
    chat = Chat(app.dispatcher, 103)
    await chat.send("/start")
    for data in ("menu:inconnu", "zzz:1:2", "role:roi", "menu", "x" * 64):
        await chat.press_data(data)
        assert chat.callback_answer is not None
        assert chat.callback_answer.text == "Cette action n'est plus disponible."
        assert "plus valable" in chat.text


async def test_stale_button_during_a_flow_shows_the_current_question_again(app):
    chat = Chat(app.dispatcher, 104)
    await chat.send("/start")
    await chat.press_data("menu:nimporte")
    assert "qui êtes-vous" in chat.text


async def test_media_outside_a_flow_get_a_kind_explanation(app):
    chat = Chat(app.dispatcher, 105)
    await chat.send("/start")
    await chat.press("Autre")
    expectations = {
        Kind.STICKER: "autocollant",
        Kind.PHOTO: "images",
        Kind.VOICE: "vocaux",
        Kind.LOCATION: "position",
        Kind.OTHER: "type de message",
    }
    for kind, words in expectations.items():
        await chat.send_kind(kind)
        assert words in chat.text, (kind, chat.text)


async def test_a_ten_thousand_character_text_is_refused_kindly(app):
    chat = Chat(app.dispatcher, 106)
    await chat.send("/start")
    await chat.send("a" * 10_000)
    assert "trop long" in chat.text and "10\u202f000" in chat.text
    assert "qui êtes-vous" in chat.text  # and the pending question comes back


async def test_unknown_command_and_command_in_the_middle_of_a_flow(app):
    chat = Chat(app.dispatcher, 107)
    await chat.send("/start")
    await chat.send("/nimportequoi")
    assert "Je ne connais pas la commande /nimportequoi" in chat.text
    assert "qui êtes-vous" in chat.text
    await chat.send("/aide")
    assert "Ce que je sais faire" in chat.text and "qui êtes-vous" in chat.text


async def test_help_lists_every_command_a_person_can_type_and_leads_back_to_the_menu(app):
    chat = Chat(app.dispatcher, 109)
    await chat.send("/start")
    await chat.press("Maire")
    await chat.send("/aide")
    for line in (
        "/menu : le menu principal",
        "/fiches : vos fiches actions",
        "/equipe : l'équipe de votre dossier",
        "/inviter : inviter un·e collègue dans votre dossier",
        "/mesinscriptions : vos inscriptions au webinaire",
        "/effacer : effacer vos données",
    ):
        assert line in chat.text
    assert "/start" not in chat.text and "/relecture" not in chat.text
    assert [b.label for b in chat.buttons()] == ["🏠 Menu principal"]


async def test_cancel_leaves_the_flow_and_shows_the_menu(app):
    chat = Chat(app.dispatcher, 108)
    await chat.send("/start")
    await chat.send("/annuler")
    assert "C'est annulé" in chat.text and len(chat.buttons()) == 4
    async with app.sessions() as session:
        state = await session.get(ConversationState, 108)
    assert state.flow is None
    await chat.send("/annuler")
    assert "rien en cours" in chat.text


async def test_a_newcomer_asking_a_question_first_gets_the_answer_then_the_role_question(app):
    chat = Chat(app.dispatcher, 109)
    await chat.send("/start")
    await chat.send("c'est quoi la mosaique ?")
    assert "mosaïque" in chat.texts[0].lower()
    assert chat.texts[-1] == "Et pour mieux vous guider ensuite : qui êtes-vous ?"
    assert [b.label for b in chat.buttons()] == ["Maire", "Élu·e", "Agent·e", "Autre"]
    await chat.send_kind(Kind.STICKER)
    assert "Touchez l'un des boutons" in chat.text


async def test_user_text_is_escaped_when_shown_back(app):
    chat = Chat(app.dispatcher, 110, first_name="<b>Jo & Co</b>")
    await chat.send("/start")
    assert "Bonjour &lt;b&gt;Jo &amp; Co&lt;/b&gt;" in chat.text


async def test_deep_link_parameter_is_kept_through_onboarding(app):
    chat = Chat(app.dispatcher, 111)
    await chat.send("/start inconnu<script>")
    assert "qui êtes-vous" in chat.text  # an unknown parameter is ignored, not echoed


async def test_an_update_delivered_twice_is_handled_once(app):
    chat = Chat(app.dispatcher, 112)
    await chat.send("/start")
    from handlers.core.events import Incoming, User

    event = Incoming(Kind.CALLBACK, User(112), 112, update_id=77, callback_id="c", callback_data="role:maire")
    first = await chat.deliver(event)
    assert any("Vous êtes" in getattr(a, "text", "") for a in first)
    again = await chat.deliver(event)
    assert again == []


async def test_blocked_and_unblocked_events_update_the_person(app):
    chat = Chat(app.dispatcher, 113)
    await chat.send("/start")
    await chat.send_kind(Kind.BLOCKED)
    async with app.sessions() as session:
        assert (await session.scalar(select(Person.blocked).where(Person.telegram_id == 113))) is True
    await chat.send("/menu")
    async with app.sessions() as session:
        assert (await session.scalar(select(Person.blocked).where(Person.telegram_id == 113))) is False
