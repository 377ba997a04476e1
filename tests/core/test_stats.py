"""/stats: collectivities taking part, sheets by status and by enjeu, registrations per webinar
session, as text and as a PNG chart; refused to anyone who is not staff."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from handlers.core.events import SendPhoto
from storage.repositories import WebinarRepository
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.review import audit_actions, submitted_sheet
from tests.support.webinars import S1, S2, known_person, use_sessions


@pytest.fixture
def settings(settings, tmp_path):
    use_sessions(settings, tmp_path, S1, S2)
    return settings


async def populate(app) -> None:
    first = await submitted_sheet(app, 401, town="Albi", code="81004")
    await submitted_sheet(app, 402, town="Albi", code="81004", enjeu="emploi", submit=False)
    await submitted_sheet(app, 403, town="Gaillac", code="81099", enjeu="emploi", submit=False)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{first}")
    await staff.press("✅ Valider")
    await staff.press("✅ Oui, valider")
    people = [await known_person(app, 410 + i, f"Personne {i}") for i in range(3)]
    async with app.sessions() as session, session.begin():
        for person in people:
            await WebinarRepository(session).register("s1", person.id, 2, app.services.clock())


async def test_stats_give_participation_statuses_enjeux_and_registrations(app):
    await populate(app)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/stats")
    text = staff.text
    assert "Statistiques — édition" in text
    assert (
        "Collectivités participantes : <b>2</b> (au moins une fiche), dont 1 avec une fiche soumise ou validée" in text
    )
    assert "Personnes rattachées à une collectivité : 6 (2 collectivités)" in text
    assert "<b>Fiches par statut</b> (3)" in text
    assert "📝 Brouillon : 2\n📨 Soumise, en relecture : 0\n✏️ À corriger : 0\n✅ Validée : 1" in text
    assert "• Emploi : 2 (2 brouillon)" in text and "• Éducation : 1 (1 validée)" in text
    assert "• Culture et patrimoine : 0" in text
    assert "— Webinaire d'information : 2/2 inscrit·es, 1 en attente" in text
    assert "0/50 inscrit·es" in text
    assert [b.label for b in staff.buttons()] == ["📈 En graphique (PNG)"]
    assert (STAFF_ID, "stats_viewed", "text") in await audit_actions(app)


async def test_stats_come_as_a_png_chart_from_the_button_or_the_command(app):
    await populate(app)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/stats")
    await staff.press("📈 En graphique (PNG)")
    [photo] = [r for r in staff.replies if isinstance(r, SendPhoto)]
    picture = Image.open(io.BytesIO(photo.content))
    assert picture.format == "PNG" and picture.width == 1080 and picture.height > 1000
    assert "Statistiques de l'édition" in photo.caption
    await staff.send("/stats graphique")
    assert any(isinstance(r, SendPhoto) for r in staff.replies)


async def test_stats_with_nothing_yet(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/stats")
    assert "Collectivités participantes : <b>0</b>" in staff.text and "<b>Fiches par statut</b> (0)" in staff.text
    await staff.send("/stats image")
    [photo] = [r for r in staff.replies if isinstance(r, SendPhoto)]
    assert Image.open(io.BytesIO(photo.content)).width == 1080


async def test_stats_are_refused_to_members(app):
    await populate(app)
    member = Chat(app.dispatcher, 401, "Marie")
    await member.send("/stats")
    assert member.text.startswith("Je ne connais pas la commande /stats.")
    await member.press_data("rvt:png")
    assert not any(isinstance(r, SendPhoto) for r in member.replies)
    assert (401, "staff_button_denied", "rvt:png") in await audit_actions(app)
