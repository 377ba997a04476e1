"""Several people, one collectivity: shared sheets, concurrent edits, isolation between collectivities."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from storage.models import AuditEntry, Person
from tests.support.chat import Chat
from tests.support.sheets import all_sheets, join, only_sheet


async def two_members_on_one_sheet(app) -> tuple[Chat, Chat]:
    """Marie starts a sheet and reaches question 2; Paul opens the same sheet at question 2."""
    await join(app.sessions, 501, name="Marie Dupont")
    await join(app.sessions, 502, name="Paul Martin")
    marie, paul = Chat(app.dispatcher, 501), Chat(app.dispatcher, 502, "Paul")
    await marie.send("/start fiches")
    await marie.press("Solidarités")
    await marie.press("⬜ Accès aux droits")
    await marie.press("✅ Valider (1)")
    await marie.send("Point numérique CAF")
    assert "Question 2/8" in marie.text
    await paul.send("/start fiches")
    await paul.press("▶️ Reprendre « Point numérique CAF » (question 2/8)")
    assert "Question 2/8" in paul.text
    return marie, paul


async def test_members_of_one_collectivity_share_its_sheets(app):
    _marie, paul = await two_members_on_one_sheet(app)
    await paul.send("/start fiches")
    assert "🟩 Solidarités : 1 fiche dont 1 à terminer" in paul.text


async def test_the_later_answer_is_told_and_may_keep_its_own(app):
    marie, paul = await two_members_on_one_sheet(app)
    await paul.send("Synthèse de Paul.")
    assert "Question 3/8" in paul.text
    await marie.send("Synthèse de Marie.")
    assert "Pendant que vous répondiez, Paul Martin a modifié « Synthèse »" in marie.text
    assert (
        "Réponse enregistrée : « Synthèse de Paul. »" in marie.text
        and "Votre réponse : « Synthèse de Marie. »" in marie.text
    )
    assert (await only_sheet(app.sessions)).value("synthese") == "Synthèse de Paul."  # nothing overwritten yet
    await marie.press("Garder ma réponse")
    assert "✅ C'est enregistré (Synthèse)." in marie.text and "Question 3/8" in marie.text
    assert (await only_sheet(app.sessions)).value("synthese") == "Synthèse de Marie."


async def test_the_later_answer_may_keep_the_other_one(app):
    marie, paul = await two_members_on_one_sheet(app)
    await paul.send("Synthèse de Paul.")
    await marie.send("Synthèse de Marie.")
    await marie.press("Garder l'autre réponse")
    assert "la réponse de Paul Martin est conservée" in marie.text and "Question 3/8" in marie.text
    assert (await only_sheet(app.sessions)).value("synthese") == "Synthèse de Paul."


async def test_a_third_change_during_the_choice_is_caught_again(app):
    marie, paul = await two_members_on_one_sheet(app)
    await paul.send("Synthèse de Paul.")
    await marie.send("Synthèse de Marie.")
    await paul.press("⬅️ Retour")
    await paul.send("Synthèse de Paul, corrigée.")
    await marie.press("Garder ma réponse")
    assert "Réponse enregistrée : « Synthèse de Paul, corrigée. »" in marie.text
    assert (await only_sheet(app.sessions)).value("synthese") == "Synthèse de Paul, corrigée."


async def test_simultaneous_answers_to_one_field_never_lose_one_silently(app):
    marie, paul = await two_members_on_one_sheet(app)
    await asyncio.gather(marie.send("Version de Marie."), paul.send("Version de Paul."))
    texts = {"marie": marie.text, "paul": paul.text}
    saved = [who for who, text in texts.items() if "✅ C'est enregistré (Synthèse)." in text]
    told = [who for who, text in texts.items() if "Pendant que vous répondiez" in text]
    assert len(saved) == 1 and len(told) == 1, texts
    stored = (await only_sheet(app.sessions)).value("synthese")
    assert stored == ("Version de Marie." if saved == ["marie"] else "Version de Paul.")


async def test_ticks_of_two_members_on_the_services_merge(app):
    marie, paul = await two_members_on_one_sheet(app)
    await marie.press("⬅️ Retour")
    await marie.press("⬅️ Retour")
    await paul.press("⬅️ Retour")
    await paul.press("⬅️ Retour")
    await marie.press("⬜ Insertion par le numérique")
    await paul.press("⬜ Accessibilité")
    services = (await only_sheet(app.sessions)).value("services")
    assert all(s in services for s in ("Accès aux droits", "Insertion par le numérique", "Accessibilité"))


async def test_another_collectivity_never_sees_nor_opens_the_sheets(app):
    _marie, _ = await two_members_on_one_sheet(app)
    await join(app.sessions, 503, code="31555", town="Toulouse", name="Léa Petit")
    lea = Chat(app.dispatcher, 503, "Léa")
    await lea.send("/start fiches")
    assert "Fiches actions — Toulouse" in lea.text and "Point numérique CAF" not in lea.text
    sheet = await only_sheet(app.sessions)
    for data in (f"shd:o:{sheet.id}", f"shr:s:abcd:{sheet.id}", "shd:o:99999", "shd:o:-1", "shd:e:inconnu"):
        await lea.press_data(data)
        assert lea.callback_answer.text == "Cette action n'est plus disponible.", data
        assert "Point numérique CAF" not in lea.text
    async with app.sessions() as session:
        refused = (await session.scalars(select(AuditEntry).where(AuditEntry.action == "sheet_access_refused"))).all()
    assert {e.actor_telegram_id for e in refused} == {503}
    assert (await only_sheet(app.sessions)).status == "brouillon"


async def test_after_moving_to_another_collectivity_the_old_sheet_is_out_of_reach(app):
    marie, _ = await two_members_on_one_sheet(app)
    await join(app.sessions, 501, code="31555", town="Toulouse")
    await marie.send("Une synthèse tapée après le changement.")
    assert "n'existe plus" in marie.text
    assert (await only_sheet(app.sessions)).value("synthese") == ""


async def test_a_colleague_submitting_locks_the_sheet_for_the_other(app):
    marie, paul = await two_members_on_one_sheet(app)
    await paul.send("Synthèse.")
    await paul.press("En cours")
    for _ in range(5):
        await paul.press("⏭ Passer")
    await paul.press("📨 Soumettre pour relecture")
    await paul.press("📨 Oui, soumettre")
    await marie.send("Ma synthèse.")
    assert "soumise pour relecture entre-temps" in marie.text
    sheet = await only_sheet(app.sessions)
    assert sheet.value("synthese") == "Synthèse." and sheet.status == "soumise"


async def test_a_colleague_deleting_the_draft(app):
    marie, paul = await two_members_on_one_sheet(app)
    await paul.press("💾 Enregistrer et quitter")
    sheet = await only_sheet(app.sessions)
    async with app.sessions() as session, session.begin():
        (await session.get(type(sheet), sheet.id)).position = 8
    await paul.press_data(f"shd:o:{sheet.id}")
    await paul.press("🗑 Supprimer le brouillon")
    await paul.press("🗑 Oui, supprimer")
    await marie.send("Ma synthèse.")
    assert "n'existe plus" in marie.text
    assert await all_sheets(app.sessions) == []
    async with app.sessions() as session:
        assert (await session.scalar(select(Person).where(Person.telegram_id == 501))) is not None
