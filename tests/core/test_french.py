"""French helpers: elision of names and where a long text is cut."""

from __future__ import annotations

from handlers.core.french import cut, named, of


def test_a_name_is_elided_before_a_vowel_and_not_otherwise():
    assert of("Albi") == "d'Albi"
    assert of("Toulouse") == "de Toulouse"
    assert named("Évry & Co")["of_name_b"] == "d'<b>Évry &amp; Co</b>"


def test_a_cut_falls_after_a_whole_word():
    assert cut("Portail famille et cantine scolaire", 20) == "Portail famille et…"


def test_a_very_long_word_is_cut_inside_rather_than_dropped():
    link = "https://www.mairie-exemple.fr/" + "a" * 80
    shown = cut(f"Voir {link}", 60)
    assert shown.startswith("Voir https://www.mairie") and shown.endswith("…") and len(shown) == 60
