"""Normalisation and small-talk detection of the FAQ engine."""

import pytest

from faq.normalize import MAX_CHARS, fold, normalize, stem, tokens
from faq.smalltalk import SmallTalkKind, detect_smalltalk


def test_accents_and_case_are_folded():
    assert fold("Cérémonie À NOËL") == "ceremonie a noel"
    assert normalize("Qu'est-ce que la MOSAÏQUE ?") == normalize("qu est ce que la mosaique")


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_elisions_are_removed_with_both_apostrophes(apostrophe):
    toks = tokens(
        f"l{apostrophe}arobase d{apostrophe}une commune qu{apostrophe}on j{apostrophe}ai"
        f" n{apostrophe}est s{apostrophe}inscrire"
    )
    for elided in ("l", "d", "qu", "j", "n", "s"):
        assert elided not in toks
    assert "arobase" in toks and "commune" in toks


@pytest.mark.parametrize(
    "sms, plain",
    [
        ("c koi le label", "c'est quoi le label"),
        ("c kan la cérémonie", "c'est quand la cérémonie"),
        ("kel est le prix", "quel est le prix"),
        ("pk ils ont changé le nom", "pourquoi ils ont changé le nom"),
        ("cb ça coûte", "combien ça coûte"),
        ("qd est le jury", "quand est le jury"),
        ("ya tt ds le dossier", "il y a tout dans le dossier"),
        ("infos pr le webinaire stp", "information pour le webinaire"),
    ],
)
def test_sms_spellings(sms, plain):
    assert normalize(sms) == normalize(plain)


def test_interrogatives_are_kept_and_stop_words_dropped():
    toks = tokens("Quand, combien, qui, où, comment et pourquoi le la les de du ?")
    for word in ("quand", "combien", "qui", "ou", "comment", "pourquoi"):
        assert word in toks
    for word in ("le", "la", "les", "de", "du", "et"):
        assert word not in toks


def test_plural_and_feminine_folding():
    assert normalize("les fiches actions") == normalize("la fiche action")
    assert stem("petites") == stem("petit")
    assert stem("inscrites") == stem("inscrit")
    assert stem("niveaux") == stem("niveau")


@pytest.mark.parametrize(
    "variants",
    [
        ["webinaire", "webinar", "visio", "visioconférence", "réunion en ligne", "zoom"],
        ["intercommunalité", "interco", "EPCI", "communauté de communes", "agglo"],
        ["date limite", "deadline", "clôture", "échéance"],
        ["prix", "tarif", "coût", "cotisation", "gratuit", "combien coûte"],
        ["panneau", "pancarte", "plaque"],
        ["arobase", "arobases", "@", "étoiles"],
    ],
)
def test_synonyms_reach_the_same_canonical_term(variants):
    first = set(tokens(variants[0]))
    for variant in variants[1:]:
        assert first & set(tokens(variant)), variant


def test_levels_with_at_sign():
    assert tokens("5@") == ["5", "arobase"]
    assert tokens("une ville 3@ ou 4 @ ?")[-3:] == ["3", "arobase", "4"]  # « ou » before a number is « or »


@pytest.mark.parametrize(
    "text, where",
    [
        ("où trouver le palmarès", True),
        ("ou trouver le palmares", True),
        ("je m'inscris ou ?", True),
        ("par ou commencer", True),
        ("ou le mettre", True),
        ("le jury c des elus ou des experts ?", False),
        ("label officiel ou pas", False),
        ("3 ou 4 fiches", False),
    ],
)
def test_ou_is_where_unless_it_joins_two_things(text, where):
    assert ("ou" in tokens(text)) is where


def test_only_the_first_max_chars_are_read():
    text = "mosaique " + "x" * MAX_CHARS + " jury"
    assert "jury" not in tokens(text)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Bonjour !", SmallTalkKind.GREETING),
        ("coucou", SmallTalkKind.GREETING),
        ("merci beaucoup 🙏", SmallTalkKind.THANKS),
        ("Super, parfait !", SmallTalkKind.THANKS),
        ("ok", SmallTalkKind.YES),
        ("d'accord", SmallTalkKind.YES),
        ("oui merci", SmallTalkKind.YES),
        ("non merci", SmallTalkKind.NO),
        ("merci, au revoir", SmallTalkKind.BYE),
        ("a+", SmallTalkKind.BYE),
        ("t'es nul", SmallTalkKind.INSULT),
        ("👍", SmallTalkKind.YES),
        ("???", SmallTalkKind.EMPTY),
    ],
)
def test_smalltalk_kinds(text, kind):
    found = detect_smalltalk(text)
    assert found is not None and found.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "bonjour, quelle est la date limite ?",
        "merci, et le jury c'est quand ?",
        "oui mais combien ça coûte ?",
    ],
)
def test_smalltalk_with_a_question_is_not_smalltalk(text):
    assert detect_smalltalk(text) is None


@pytest.mark.parametrize(
    "noun, verb",
    [
        ("la création du label", "le label a été créé"),
        ("le financement", "qui finance"),
        ("l'amélioration", "améliorer"),
    ],
)
def test_a_noun_of_action_is_its_verb(noun, verb):
    assert set(tokens(noun)) & set(tokens(verb))


def test_words_that_only_look_derived_stay():
    assert tokens("rapidement") == ["rapidement"]
    assert tokens("un événement") == ["evenement"]


def test_a_typo_of_a_label_word_is_not_read_as_a_glued_elision():
    assert tokens("le dosier de candidature") == ["dossier", "candidature"]  # not « d'osier »
    assert tokens("lassociation") == ["association"]
