"""What staff read when /diffusion refuses a text Telegram would refuse: every kind of problem the
checker reports has its French wording, naming where it is."""

from __future__ import annotations

import pytest

from faq.telegram_html import KINDS, scan
from handlers.broadcast.html_check import html_problems
from tests.conftest import STAFF_ID
from tests.support.chat import Chat

# One text per kind of problem, with what the French message says about it.
EXAMPLES = {
    "bad_ampersand": ("Fête & apéro", "&amp;amp;"),
    "bad_entity": ("Caractère &#0; nul", "&amp;#0;</code> n'est pas un caractère"),
    "bare_lt": ("1 < 2", "&amp;lt;"),
    "malformed_tag": ("<b>gras</b x>", "est mal écrite"),
    "unquoted_value": ("<a href=https://x.fr>lien</a>", "doit être entre guillemets"),
    "unsupported_tag": ("<p>texte</p>", "&lt;p&gt;</code> n'existe pas"),
    "self_closing": ("<b/>", "&lt;b/&gt;</code> n'existe pas"),
    "stray_close": ("texte</b>", "ferme une balise qui n'est pas ouverte"),
    "crossed_close": ("<b>gras</i>", "attendu : <code>&lt;/b&gt;"),
    "inside_code": ("<code><b>x</b></code>", "Pas de mise en forme"),
    "nested_link": ('<a href="https://a.fr"><a href="https://b.fr">x</a></a>', "autre lien"),
    "bad_attribute": ('<b style="x">gras</b>', "style</code> n'est pas accepté"),
    "a_without_href": ("<a>lien</a>", "https://"),
    "bad_link": ('<a href="javascript:x">lien</a>', "https://"),
    "span_class": ("<span>x</span>", "tg-spoiler"),
    "code_class": ('<code class="x">c</code>', "language-"),
    "emoji_id": ('<tg-emoji emoji-id="abc">🙂</tg-emoji>', "emoji-id (un nombre)"),
    "never_closed": ("<b>gras", "n'est jamais fermée"),
    "empty": ("<b> </b>", "Il ne reste rien à afficher"),
}


def test_every_kind_of_problem_has_an_example():
    assert set(EXAMPLES) == KINDS


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_each_problem_is_worded_in_french(kind):
    text, fragment = EXAMPLES[kind]
    assert kind in {p.kind for p in scan(text)}
    assert any(fragment in message for message in html_problems(text)), html_problems(text)


async def test_a_broadcast_telegram_would_refuse_is_sent_back_with_the_reason(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/diffusion")
    for text, fragment in [
        ("Programme : <a href=https://www.villes-internet.net>ici</a>", "doit être entre guillemets"),
        ("<b> </b>", "Il ne reste rien à afficher"),
        ("Caractère &#xD800; interdit", "n'est pas un caractère que Telegram accepte"),
    ]:
        await staff.send(text)
        assert "Telegram refuserait ce message" in staff.text and fragment in staff.text
    await staff.send('Programme : <a href="https://www.villes-internet.net">ici</a>')
    assert "Aperçu" in staff.texts[0]


async def test_a_plain_ampersand_or_less_than_is_written_for_telegram_not_refused(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/diffusion")
    await staff.send("Webinaire le 8 avril & le 9 avril : <b>inscrivez-vous</b> ! Projets < 10 k€ &amp; plus")
    preview, message = staff.texts[0], staff.texts[1]
    assert "Aperçu" in preview and "J'ai adapté pour Telegram" in preview
    assert message == ("Webinaire le 8 avril &amp; le 9 avril : <b>inscrivez-vous</b> ! Projets &lt; 10 k€ &amp; plus")
    assert html_problems(message) == []


async def test_entities_pasted_from_a_web_editor_become_their_characters(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/diffusion")
    await staff.send("R&eacute;union&nbsp;: <b>jeudi</b> &amp; vendredi, &euro; &inconnu;")
    preview, message = staff.texts[0], staff.texts[1]
    assert "J'ai adapté pour Telegram" in preview
    assert message == "Réunion\u00a0: <b>jeudi</b> &amp; vendredi, € &amp;inconnu;"  # an unknown name shown as typed
    assert html_problems(message) == []
