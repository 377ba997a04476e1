"""The sheet form is data: the shipped questions, validation with lines, a staff change without code."""

from __future__ import annotations

import pytest

from bot.app import build_app
from bot.config import PROJECT_ROOT
from handlers.content.errors import ContentError
from handlers.content.form import load_form
from tests.support.chat import Chat
from tests.support.sheets import join, only_sheet


def test_the_shipped_form_asks_the_eight_questions_in_order():
    form = load_form(PROJECT_ROOT / "data" / "formulaire.toml")
    assert [q.key for q in form.questions] == [
        "titre",
        "synthese",
        "niveau",
        "resultats",
        "outils",
        "partenaires",
        "date_debut",
        "lien",
    ]
    assert [q.type for q in form.questions] == ["texte", "texte", "choix", "texte", "texte", "texte", "date", "url"]
    assert form.get("niveau").choices == ("En projet", "En cours", "Réalisé")
    assert [q.key for q in form.required] == ["titre", "synthese", "niveau"]
    assert all(q.help and q.example for q in form.questions)


def test_mistakes_in_the_form_name_file_and_line(tmp_path):
    path = tmp_path / "formulaire.toml"
    path.write_text(
        '[[question]]\ncle = "titre"\nlibelle = "Titre"\nquestion = "Titre ?"\ntype = "texte"\nobligatoire = true\n\n'
        '[[question]]\ncle = "niveau"\nlibelle = "Niveau"\nquestion = "Où ?"\ntype = "choix"\nchoix = ["Seul"]\n\n'
        '[[question]]\ncle = "budget"\nlibelle = "Budget"\nquestion = "Combien ?"\ntype = "nombre"\nlongueur_max = 0\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_form(path)
    text = str(caught.value)
    assert f"{path}:13: choix : de 2 à 12 réponses" in text
    assert f"{path}:19: type : texte, choix, choix_multiples, date, url" in text
    assert f"{path}:20: longueur_max" in text


def test_a_form_without_a_required_title_is_refused(tmp_path):
    path = tmp_path / "formulaire.toml"
    path.write_text(
        '[[question]]\ncle = "resume"\nlibelle = "Résumé"\nquestion = "?"\ntype = "texte"\n', encoding="utf-8"
    )
    with pytest.raises(ContentError, match="titre"):
        load_form(path)


async def test_staff_change_the_form_and_the_bot_follows(tmp_path, settings, clock):
    path = tmp_path / "formulaire.toml"
    path.write_text(
        '[[question]]\ncle = "titre"\nlibelle = "Titre"\nquestion = "Le nom de l\'action ?"\ntype = "texte"\n'
        'obligatoire = true\nlongueur_max = 20\naide = "Court."\nexemple = "Wifi public"\n\n'
        '[[question]]\ncle = "publics"\nlibelle = "Publics"\nquestion = "Pour qui ?"\ntype = "choix_multiples"\n'
        'obligatoire = true\nchoix = ["Habitants", "Agents", "Élus"]\n',
        encoding="utf-8",
    )
    settings.data.formulaire = str(path)
    app = await build_app(settings, clock=clock)
    try:
        await join(app.sessions, 701)
        chat = Chat(app.dispatcher, 701)
        await chat.send("/start fiches")
        await chat.press("Attractivité")
        await chat.press("⬜ Marketing territorial")
        await chat.press("✅ Valider (1)")
        assert "Question 1/2" in chat.text and "Le nom de l'action ?" in chat.text and "Wifi public" in chat.text
        await chat.send("Un titre beaucoup trop long")
        assert "7 de trop" in chat.text
        await chat.send("Wifi public")
        assert "Question 2/2" in chat.text
        await chat.press("✅ Valider")
        assert chat.callback_answer.text == "Cochez au moins une réponse."
        await chat.press("⬜ Habitants")
        await chat.press("⬜ Élus")
        await chat.press("☑️ Habitants")
        await chat.press("✅ Valider")
        assert "<b>Publics</b> : Élus" in chat.text
        assert (await only_sheet(app.sessions)).value("publics") == '["Élus"]'
    finally:
        await app.close()


async def test_ticks_on_a_multiple_choice_question_are_kept_when_she_leaves_it(tmp_path, settings, clock):
    """Every tap is her work: a command, or « Enregistrer et quitter », keeps the ticks as the answer."""
    path = tmp_path / "formulaire.toml"
    path.write_text(
        '[[question]]\ncle = "titre"\nlibelle = "Titre"\nquestion = "Le nom de l\'action ?"\ntype = "texte"\n'
        "obligatoire = true\n\n"
        '[[question]]\ncle = "publics"\nlibelle = "Publics"\nquestion = "Pour qui ?"\ntype = "choix_multiples"\n'
        'obligatoire = true\nchoix = ["Habitants", "Agents", "Élus"]\n\n'
        '[[question]]\ncle = "outils"\nlibelle = "Outils"\nquestion = "Quels outils ?"\ntype = "texte"\n'
        "obligatoire = false\n",
        encoding="utf-8",
    )
    settings.data.formulaire = str(path)
    app = await build_app(settings, clock=clock)
    try:
        await join(app.sessions, 702)
        chat = Chat(app.dispatcher, 702)
        await chat.send("/start fiches")
        await chat.press("Attractivité")
        await chat.press("⬜ Marketing territorial")
        await chat.press("✅ Valider (1)")
        await chat.send("Wifi public")
        await chat.press("⬜ Habitants")
        await chat.press("⬜ Élus")
        await chat.send("/menu")
        assert "question 2/3" in "\n".join(chat.texts)
        assert (await only_sheet(app.sessions)).value("publics") == '["Habitants", "Élus"]'

        await chat.press("▶️ Reprendre")
        assert "Question 2/3" in chat.text
        await chat.press("☑️ Élus")  # the ticks are shown again, and can be changed
        await chat.press("💾 Enregistrer et quitter")
        assert (await only_sheet(app.sessions)).value("publics") == '["Habitants"]'

        await chat.send("/menu")
        await chat.press("▶️ Reprendre")
        await chat.press("☑️ Habitants")  # a required question left with no tick keeps its last answer
        await chat.send("/annuler")
        assert (await only_sheet(app.sessions)).value("publics") == '["Habitants"]'
    finally:
        await app.close()
