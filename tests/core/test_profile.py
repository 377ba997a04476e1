"""The shared profile: asked once (only what is missing), read back, editable with /profil,
and the `require_profile` contract other features call."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.core.dispatcher import Dispatcher
from handlers.core.events import Kind, SendText
from handlers.core.registry import all_routers
from handlers.core.router import Router
from handlers.home.menu import show_menu
from handlers.profile.commands import require_profile
from storage.models import Collectivity, Person
from tests.support.chat import Chat
from tests.support.webinars import known_person


async def person(app, telegram_id: int) -> Person:
    async with app.sessions() as session:
        return await session.scalar(select(Person).where(Person.telegram_id == telegram_id))


@pytest.fixture
async def demo(app):
    """A stand-in feature (like the action sheets) that needs role, collectivity and consent."""
    router = Router("demo")

    @router.deeplink("demo")
    async def open_demo(ctx):
        asked = await require_profile(ctx, "demo", ("role", "collectivity", "consent"))
        if asked is not None:
            return asked
        return [SendText("Démo ouverte.")]

    return Dispatcher(app.sessions, app.services, [*all_routers(), router], menu=show_menu)


async def to_field(chat: Chat, field: str, role: str = "Autre") -> None:
    """A new person (role `role`) who opens /profil and chooses to change `field`: its question is on screen."""
    await chat.send("/start")
    await chat.press(role)
    await chat.send("/profil")
    await chat.press("✏️ Modifier")
    await chat.press(field)


async def test_an_incomplete_profile_offers_to_complete_it_rather_than_asking_if_it_is_correct(app):
    chat = Chat(app.dispatcher, 330, "Léa")
    await chat.send("/start")
    await chat.press("Maire")
    await chat.send("/profil")
    assert "Il manque : nom, e-mail et collectivité. Voulez-vous compléter maintenant ?" in chat.text
    assert "Est-ce correct" not in chat.text
    await chat.send("non")  # typed: the « Non » button
    assert "Vous pourrez compléter vos informations quand vous voudrez avec /profil." in chat.text
    await chat.send("/profil")
    await chat.press("✅ Oui, compléter maintenant")
    assert "accord" in chat.text
    await chat.press("✅ J'accepte")
    await chat.send("Léa Martin")
    await chat.send("lea.martin@mairie-albi.fr")
    await chat.send("81000")
    assert "Est-ce correct ?" in chat.text and "Il manque" not in chat.text
    await chat.press("✅ C'est correct")
    assert chat.texts[0] == "Votre profil est à jour."


async def test_require_profile_asks_only_the_missing_fields_then_opens_the_feature(demo, app):
    chat = Chat(demo, 301, "Paul")
    await chat.send("/start demo")  # a link: straight to the feature, which asks what it needs
    assert "accord" in chat.text and "Démo" not in chat.text
    await chat.press("✅ J'accepte")
    await chat.press("Agent·e")
    assert "Quelle est votre collectivité" in chat.text  # no name, no e-mail: not requested
    await chat.send("81000")  # one match: linked at once, confirmed with the summary
    assert "C'est noté : Albi (81)" in chat.text
    assert "Fonction : Agent·e" in chat.text and "Collectivité : Albi (81) — 51\u202f290 hab." in chat.text
    await chat.press("✅ C'est correct")
    assert "Démo ouverte." in chat.text
    await chat.send("/start demo")  # known now: straight in
    assert chat.text == "Démo ouverte."


async def test_require_profile_returns_none_when_everything_is_known(demo, app):
    await known_person(app, 302)
    chat = Chat(demo, 302)
    await chat.send("/start demo")
    assert chat.text == "Démo ouverte."


async def test_refusing_consent_keeps_nothing_and_returns_to_the_menu(demo, app):
    chat = Chat(demo, 303)
    await chat.send("/start demo")
    await chat.press("ℹ️ Ce que je conserve")
    assert "Ce que je conserve, et pourquoi" in chat.text and "/effacer" in chat.text
    assert "accord" in chat.text  # and the question again
    await chat.press("Non merci")
    assert "je n'enregistre pas vos informations" in chat.text
    assert (await person(app, 303)).consent_data_at is None


async def test_profile_command_shows_and_edits_each_field(app):
    await known_person(app, 304, "Jeanne Martin")
    chat = Chat(app.dispatcher, 304)
    await chat.send("/profil")
    assert "Nom : Jeanne Martin" in chat.text and "E-mail : jeanne@example.fr" in chat.text
    assert "Accord pour vos données : donné le lundi 2 mars 2026" in chat.text
    await chat.press("✏️ Modifier")
    await chat.press("E-mail")
    for bad, why in [
        ("jeanne.mairie.fr", "Il manque le signe @"),
        ("jeanne@@mairie.fr", "plusieurs signes @"),
        ("jeanne @mairie.fr", "pas d'espace"),
        ("jeanne@mairie", "nom de domaine complet"),
        ("jeanne@mairie,fr", "virgule"),
        ("jean..ne@mairie.fr", "point est mal placé"),
        ("jéanne@mairie.fr", "caractères non autorisés"),
        ("@mairie.fr", "avant le @"),
        ("jeanne@", "après le @"),
        ("jeanne@mairie.f", "incomplète"),
    ]:
        await chat.send(bad)
        assert why in chat.text, (bad, chat.text)
        assert "Quelle est votre adresse e-mail" in chat.text
    await chat.send("  Jeanne.Martin@Mairie-Albi.FR ")
    assert "E-mail : Jeanne.Martin@mairie-albi.fr" in chat.text and "Est-ce correct" in chat.text
    await chat.press("✏️ Modifier")
    await chat.press("Collectivité")
    await chat.send("st germain en laye")  # the name itself, as typed on a phone: no list to choose from
    assert "Saint-Germain-en-Laye (78)" in chat.text and "Laquelle" not in chat.text
    await chat.press("✅ C'est correct")
    assert "Votre profil est à jour" in chat.text
    saved = await person(app, 304)
    assert saved.email == "Jeanne.Martin@mairie-albi.fr"


async def test_homonyms_unknown_names_and_retyping(app):
    await known_person(app, 305)
    chat = Chat(app.dispatcher, 305)
    await chat.send("/profil")
    await chat.press("✏️ Modifier")
    await chat.press("Collectivité")
    await chat.send("zzqxw")
    assert "Je ne trouve aucune collectivité pour « zzqxw »" in chat.text
    await chat.send("Saint-Martin")
    labels = [b.label for b in chat.buttons()]
    assert labels[-1] == "Aucune de celles-ci" and len(labels) == 7
    assert "Saint-Martin (32) — 434 hab." in labels and "Saint-Martin (65) — 436 hab." in labels
    await chat.press("Aucune de celles-ci")
    assert "Écrivez le nom autrement" in chat.text
    await chat.send("saint martin 32")
    await chat.press("Saint-Martin (32)")
    await chat.press("✅ C'est correct")
    async with app.sessions() as session:
        row = await session.scalar(
            select(Collectivity)
            .join(Person, Person.collectivity_id == Collectivity.id)
            .where(Person.telegram_id == 305)
        )
    assert (row.code, row.department) == ("32389", "32")


async def test_people_of_one_collectivity_share_its_row(app):
    await known_person(app, 306, "Ana Lopez")
    await known_person(app, 307, "Luc Petit")
    async with app.sessions() as session:
        rows = (await session.scalars(select(Collectivity).where(Collectivity.code == "81004"))).all()
        linked = (await session.scalars(select(Person.telegram_id).where(Person.collectivity_id == rows[0].id))).all()
    assert len(rows) == 1 and sorted(linked) == [306, 307]


async def test_bad_input_during_the_profile_questions(app, clock):
    chat = Chat(app.dispatcher, 308, "<b>Zoé & Co")
    await to_field(chat, "Nom")
    await chat.send_kind(Kind.STICKER)
    assert "pas un autocollant" in chat.text and "prénom et nom" in chat.text
    await chat.send("x" * 10_000)
    assert "C'est un peu long pour un nom (10000 caractères) : 120 au plus" in chat.text
    clock.advance(seconds=30)  # typed afresh, not the rest of that paste
    await chat.send("12345")
    assert "pas reconnu un nom" in chat.text
    await chat.send("zoe@example.fr")
    assert "ressemble à une adresse e-mail" in chat.text
    await chat.send("/mesinscriptions")  # another command in the middle of a question: it runs
    assert "en cours de saisie" not in chat.text and "prénom et nom" not in chat.text
    assert "inscri" in chat.text
    await chat.send("/profil")  # and the question is one tap away again
    await chat.press("✏️ Modifier")
    await chat.press("Nom")
    await chat.send("<b>Zoé</b> & Co")
    assert "Nom : &lt;b&gt;Zoé&lt;/b&gt; &amp; Co" in chat.text
    old = next(b.data for b in chat.buttons() if b.label == "✏️ Modifier")
    await chat.press("✏️ Modifier")
    await chat.press_data(old)  # the same button again: it is stale now
    assert chat.callback_answer.text == "Cette action n'est plus disponible."
    assert "Que voulez-vous modifier" in chat.text  # and the current question comes back
    await chat.press_data("pf:zzzz:col:81004")  # forged
    assert chat.callback_answer.text == "Cette action n'est plus disponible."


async def test_the_telegram_name_can_be_taken_in_one_tap(app):
    chat = Chat(app.dispatcher, 309)
    chat.user = chat.user.__class__(id=309, first_name="Marie", last_name="Curie", language_code="fr")
    await to_field(chat, "Nom", role="Maire")
    await chat.press("✔️ Marie Curie")
    assert "Nom : Marie Curie" in chat.text


async def test_cancel_in_the_middle_keeps_the_answers_already_given(app):
    chat = Chat(app.dispatcher, 310)
    await chat.send("/start webinaire")
    await chat.press("jeudi 8 avril")  # the dates first
    await chat.press("✅ J'accepte")
    await chat.send("Anne Dupré")
    await chat.send("/annuler")
    assert "C'est annulé" in chat.text
    saved = await person(app, 310)
    assert saved.profile_name == "Anne Dupré" and saved.consent_data_at is not None
    await chat.send("/start webinaire")
    await chat.press("jeudi 8 avril")
    assert "Quelle est votre fonction" in chat.text  # only what is still missing


async def test_a_question_about_a_field_is_answered_and_the_field_asked_again(app):
    chat = Chat(app.dispatcher, 309, "Zoé")
    await to_field(chat, "E-mail")
    assert "/annuler pour arrêter" in chat.text
    await chat.send("pourquoi vous voulez mon mail")
    assert "permet à l'équipe du label de vous recontacter" in chat.text
    assert "Quelle est votre adresse e-mail ?" in chat.text and "ne contient pas d'espace" not in chat.text
    await chat.send("zoe@example.fr")
    assert "E-mail : zoe@example.fr" in chat.text


async def test_the_exact_name_of_a_collectivity_needs_no_choice_but_homonyms_do(app):
    chat = Chat(app.dispatcher, 310, "Jean")
    await to_field(chat, "Collectivité")
    await chat.send("Saint-Jean-de-Thurigneux")  # « Saint-Jean (31) » is close, but not what was typed
    assert "Collectivité : Saint-Jean-de-Thurigneux (01)" in chat.text and "Laquelle" not in chat.text
    await chat.press("✏️ Modifier")
    await chat.press("Collectivité")
    await chat.send("Sainte-Marie")  # several communes have this very name
    assert [b.label for b in chat.buttons()][:2] == [
        "Sainte-Marie (974) — 37\u202f093 hab.",
        "Sainte-Marie (972) — 14\u202f756 hab.",
    ]


async def test_a_slip_in_a_common_mail_domain_is_pointed_out_once(app):
    chat = Chat(app.dispatcher, 311, "Jean")
    await to_field(chat, "E-mail")
    await chat.send("jean.dupont@gmial.com")
    assert "Vouliez-vous écrire <b>jean.dupont@gmail.com</b> ?" in chat.text
    await chat.send("jean.dupont@gmail.com")
    assert "E-mail : jean.dupont@gmail.com" in chat.text
    await chat.press("✏️ Modifier")
    await chat.press("E-mail")
    await chat.send("jean@fre.fr")
    assert "Vouliez-vous écrire <b>jean@free.fr</b> ?" in chat.text
    await chat.send("jean@fre.fr")  # sent again as is: the person knows their address
    assert "E-mail : jean@fre.fr" in chat.text
    await chat.press("✏️ Modifier")
    await chat.press("E-mail")
    await chat.send("jean@mairie-albi.fr")  # the town hall's own domain: nothing to say
    assert "E-mail : jean@mairie-albi.fr" in chat.text


async def test_a_name_in_one_word_or_in_a_sentence(app):
    chat = Chat(app.dispatcher, 440, "Zoé")
    await to_field(chat, "Nom")
    await chat.send("Zoé")
    assert "Et votre nom de famille ?" in chat.text and "renvoyez « Zoé »" in chat.text
    await chat.send("Zoé")  # the same again: it is all she wants to give
    assert "Et votre nom de famille ?" not in chat.text
    await chat.send("/profil")
    assert "Nom : Zoé" in chat.text

    lea = Chat(app.dispatcher, 442, "Léa")
    await to_field(lea, "Nom")
    await lea.send("Léa")
    await lea.send("Martin")  # the family name asked for, alone
    await lea.send("/profil")
    assert "Nom : Léa Martin" in lea.text

    for number, kept in enumerate(("non", "c'est tout", "sàm")):  # no family name: the one word stays as given
        sam = Chat(app.dispatcher, 450 + number, "Sam")
        await to_field(sam, "Nom")
        await sam.send("Sam")
        await sam.send(kept)
        await sam.send("/profil")
        assert "Nom : Sam\n" in sam.text, kept

    other = Chat(app.dispatcher, 441, "Paul")
    await to_field(other, "Nom")
    await other.send("Bonjour, je m'appelle Paul Martin.")
    await other.send("/profil")
    assert "Nom : Paul Martin" in other.text
