"""The real knowledge base on the phrasings of issue 13: phone typing, « not known » rather than a neighbour."""

import pytest

from faq.knowledge import load_knowledge_base
from faq.matcher import Matcher, Outcome
from faq.normalize import tokens
from tests.faq.test_knowledge import REAL_KB


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_knowledge_base(REAL_KB))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("faut etre adherant a lassociation ?", "adhesion-obligatoire"),  # typo + glued elision
        ("c koi latlaas", "atlaas"),
        ("le webinair c quand svp", "webinaire-info"),
        ("je ne peux pas participer au webinaire", "webinaire-indisponible"),
        ("a quoi ca sert pr ma commune", "label-presentation"),
        ("prox du labl", "cout-participation"),  # a typo in a word of four letters
        ("le juey c qui", "jury-composition"),
        ("jai oublie mon mot de passe", "compte-mot-de-passe"),  # « jai »: a glued elision of three letters
        ("arretez de m envoyer des rappels", "bot-rappels"),  # not refused as off-topic: /rappels is the way
        ("je veux me desinscrire de vos messages", "bot-rappels"),  # not the webinar's cancellation
        ("jai pas recu le lien du webinaire", "webinaire-lien"),  # registered already: where the link is
        ("ma commune peut avoir le label", "eligibilite-qui"),
        ("je peux pas venir au webinaire", "webinaire-indisponible"),  # not its cancellation
        ("comment on fait pour ajouter un collègue sur le dossier", "plusieurs-contributeurs"),
        ("on doit payer quelque chose ?", "cout-participation"),  # « quelque chose » no unknown word against it
        ("comment peut-on avoir le label ?", "comment-candidater"),  # « how », not « who may »
        ("peut on annuler une soumission", "bot-fiche-soumise"),  # was the webinar's cancellation
        ("j'ai été refusé pour le dossier de ma commune", "bot-acces-dossier"),  # was the examples of actions
        ("combien de temps peut-on avoir le label ?", "validite-label"),
        ("je ne peux pas venir à la cérémonie", "ceremonie-absence"),  # not the webinar's (not known: forward)
        ("je ne peux pas venir", "webinaire-indisponible"),  # no ceremony named: still the webinar's answer
        ("nous serons absents", "webinaire-indisponible"),
        ("comment obtenir le label ?", "comment-candidater"),  # was three neighbours as suggestions
        ("le webinaire dure combien de temps ?", "webinaire-info"),  # its next session's length
    ],
)
def test_phone_typing_is_answered_not_refused(matcher, text, expected):
    result = matcher.match(text)
    assert result.outcome is Outcome.ANSWER, result
    assert result.answer_ids == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "combien de fiches faut il remplir au minimum",
        "on a meme pas de site web on peut kan meme",
        "cb de temps ca prend de remplir",
        "on peut perdre le label ?",
    ],
)
def test_what_is_not_published_is_said_not_known(matcher, text):
    result = matcher.match(text)
    said_not_known = result.outcome is Outcome.UNKNOWN or (
        result.outcome is Outcome.ANSWER and all(e.unknown for e in result.answers)
    )
    assert said_not_known, result
    assert "action-definition" not in result.answer_ids and "fiche-action-definition" not in result.answer_ids
    assert "compte-mot-de-passe" not in result.answer_ids  # « perdre le label » is no lost password


@pytest.mark.parametrize("text", ["quel temps fait il demain", "quelle heure est il"])
def test_the_weather_and_the_time_of_day_are_off_topic(matcher, text):
    assert matcher.match(text).outcome is Outcome.OUT_OF_SCOPE


def test_an_entry_that_does_not_give_the_asked_duration_is_not_answered(matcher):
    result = matcher.match("la ceremonie dure combien de temps")  # the ceremony entry has its date, not its length
    assert result.outcome is Outcome.UNKNOWN
    assert result.suggestion_ids == ["date-ceremonie"]  # offered as « see also »


def test_the_entry_that_gives_the_price_wins_over_the_context(matcher):
    result = matcher.match("combien coute la cotisation pour une commune de 900 habitants ?")
    assert result.outcome is Outcome.ANSWER and result.answer_ids == ["cout-participation"]


def test_an_enjeu_typed_alone_is_about_the_matrix(matcher):
    result = matcher.match("culture")
    assert result.outcome in (Outcome.ANSWER, Outcome.SUGGEST)
    assert "enjeux-16" in result.answer_ids + result.suggestion_ids


def test_lemmas_and_typos_reach_the_same_tokens():
    assert set(tokens("ça couterait combien")) >= set(tokens("combien ça coûte"))
    assert tokens("webinair") == tokens("webinaire")
    assert tokens("lassociation") == tokens("l'association")
    assert "quand" not in tokens("on peut quand meme ?")  # an idiom, not a question about a date
    assert tokens("faudrait") == []  # the lemma "falloir" is a stop word


@pytest.mark.parametrize(
    "text, expected",
    [
        # the side « la cérémonie » asks « quand » too
        ("quand ont lieu le jury et la cérémonie ?", ["date-jury", "date-ceremonie"]),
        ("le jury et la cérémonie c'est quand", ["date-jury", "date-ceremonie"]),
        ("le prix et la date limite ?", ["cout-participation", "date-limite"]),
    ],
)
def test_two_topics_joined_by_et_get_both_answers(matcher, text, expected):
    result = matcher.match(text)
    assert result.outcome is Outcome.ANSWER, result
    assert result.answer_ids == expected


@pytest.mark.parametrize(
    "text",
    [
        "Qu'est-ce que le label Territoires, Villes et Villages Internet ?",
        "les villes et les villages peuvent participer ?",
    ],
)
def test_one_topic_with_et_is_not_cut_in_two(matcher, text):
    result = matcher.match(text)
    assert len(result.answer_ids) <= 1 and len(result.suggestion_ids) <= 3


@pytest.mark.parametrize(
    "text, expected",
    [
        ("où installer le panneau ? et il coûte combien ?", ["panneau-usage", "panneau-cout"]),  # « il » is the panel
        ("c'est quand le webinaire ? comment on s'y inscrit ?", ["webinaire-info", "webinaire-inscription"]),
    ],
)
def test_a_follow_up_question_is_read_in_the_context_of_the_first(matcher, text, expected):
    result = matcher.match(text)
    assert result.outcome is Outcome.ANSWER, result
    assert result.answer_ids == expected


def test_an_entry_s_own_phrasing_wins_a_tie(matcher):
    # « association » alone gives action-prestataire the same saturated score (1.0)
    result = matcher.match("que fait l'association ?")
    assert result.outcome is Outcome.ANSWER and result.answer_ids == ["association-presentation"]


@pytest.mark.parametrize("text", ["date des prochaines eletcions municipales", "comment créer une adreses email"])
def test_a_typo_in_an_off_topic_word_is_still_off_topic(matcher, text):
    assert matcher.match(text).outcome is Outcome.OUT_OF_SCOPE


def test_a_label_word_wins_over_an_off_topic_word_as_close():
    assert tokens("le congèrs des élus")[0] == tokens("le congrès des élus")[0]


@pytest.mark.parametrize("text", ["changer mon adresse mail", "je veux changer mon adresse mail"])
def test_an_off_topic_word_the_profile_entry_explains_whole_is_answered(matcher, text):
    # « adresse mail » is usually off-topic (« comment créer une adresse email »), not here
    result = matcher.match(text)
    assert result.outcome is Outcome.ANSWER and result.answer_ids == ["bot-modifier-profil"]
    assert matcher.match("comment créer une adresse email").outcome is Outcome.OUT_OF_SCOPE
