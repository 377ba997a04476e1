"""Check a staff-written text against Telegram's HTML before it is sent to anyone.

Telegram refuses a whole message for one bad tag; a broadcast must never fail that way
for thousands of people. The parsing is `faq.telegram_html.scan` (the same checker that
validates the FAQ file); this module words its findings in French, with where they occur.
"""

from __future__ import annotations

import html.entities
import re

from faq.telegram_html import MAX_MESSAGE, HtmlProblem, scan, visible_length
from handlers.core.ui import esc

VISIBLE_LIMIT = MAX_MESSAGE
SHOWN = 5  # more than this only buries the first mistakes

_FRENCH = {
    "bad_ampersand": "Le caractère « &amp; » doit s'écrire <code>&amp;amp;</code>",
    "bad_entity": "<code>{detail}</code> n'est pas un caractère que Telegram accepte : écrivez le caractère lui-même",
    "bare_lt": "Le caractère « &lt; » doit s'écrire <code>&amp;lt;</code>",
    "malformed_tag": "La balise <code>{detail}</code> est mal écrite",
    "unquoted_value": "La valeur de l'attribut <code>{detail}</code> doit être entre guillemets "
    '(<code>{detail}="…"</code>)',
    "unsupported_tag": "La balise <code>&lt;{tag}&gt;</code> n'existe pas sur Telegram",
    "self_closing": "La balise <code>&lt;{tag}/&gt;</code> n'existe pas sur Telegram",
    "stray_close": "<code>&lt;/{tag}&gt;</code> ferme une balise qui n'est pas ouverte",
    "crossed_close": "<code>&lt;/{tag}&gt;</code> ferme une balise qui n'est pas ouverte "
    "(attendu : <code>&lt;/{detail}&gt;</code>)",
    "inside_code": "Pas de mise en forme à l'intérieur de <code>&lt;code&gt;</code> ou <code>&lt;pre&gt;</code>",
    "nested_link": "Un lien ne peut pas contenir un autre lien",
    "bad_attribute": "L'attribut <code>{detail}</code> n'est pas accepté sur <code>&lt;{tag}&gt;</code>",
    "a_without_href": 'Le lien doit commencer par https:// (<code>&lt;a href="https://…"&gt;</code>)',
    "bad_link": 'Le lien doit commencer par https:// (<code>&lt;a href="https://…"&gt;</code>)',
    "span_class": "<code>&lt;span&gt;</code> n'est accepté qu'avec class=\"tg-spoiler\"",
    "code_class": '<code>&lt;code&gt;</code> n\'accepte que class="language-…"',
    "emoji_id": "<code>&lt;tg-emoji&gt;</code> demande un emoji-id (un nombre)",
    "never_closed": "La balise <code>&lt;{tag}&gt;</code> n'est jamais fermée",
    "empty": "Il ne reste rien à afficher une fois la mise en forme appliquée : écrivez du texte, "
    "pas seulement des balises ou des espaces",
}


def _near(text: str, position: int) -> str:
    snippet = text[max(0, position - 15) : position + 15].replace("\n", " ")
    return f" (près de « {esc(snippet)} »)"


def _french(text: str, problem: HtmlProblem) -> str:
    message = _FRENCH[problem.kind].format(tag=esc(problem.tag), detail=esc(problem.detail))
    return message if problem.kind == "empty" else message + _near(text, problem.position)


_AS_TELEGRAM_WANTS = {"bad_ampersand": "&amp;", "bare_lt": "&lt;"}


_TAG = re.compile(r"<[^<>]*>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_TELEGRAM_NAMED = {"lt", "gt", "amp", "quot"}  # the only named entities the Bot API knows


def with_named_entities_as_characters(text: str) -> tuple[str, int]:
    """`text` with each HTML named entity Telegram does not know (« &nbsp; », « &eacute; », pasted
    from a web editor) replaced by its character, outside tags; returns the text and how many."""
    count = 0

    def character(match: re.Match[str]) -> str:
        nonlocal count
        name = match.group(1)
        char = None if name in _TELEGRAM_NAMED else html.entities.html5.get(f"{name};")
        if char is None:
            return match.group(0)
        count += 1
        return char

    parts, last = [], 0
    for tag in _TAG.finditer(text):
        parts += [_NAMED_ENTITY.sub(character, text[last : tag.start()]), tag.group(0)]
        last = tag.end()
    parts.append(_NAMED_ENTITY.sub(character, text[last:]))
    return "".join(parts), count


def with_plain_characters_escaped(text: str) -> tuple[str, int]:
    """`text` with each « & » that starts no entity and each « < » that starts no tag written the
    way Telegram wants them (`&amp;`, `&lt;`): staff type them as in any text (« Projets < 10 k€ »,
    « 8 avril & 9 avril »); real tags and entities are left as written. Returns the text and how
    many characters were rewritten (named entities Telegram does not know become their character)."""
    text, named = with_named_entities_as_characters(text)
    spots = sorted(
        (p.position for p in scan(text) if p.kind in _AS_TELEGRAM_WANTS and text[p.position : p.position + 1] in "&<"),
        reverse=True,
    )
    for position in spots:
        text = text[:position] + ("&amp;" if text[position] == "&" else "&lt;") + text[position + 1 :]
    return text, len(spots) + named


def html_problems(text: str) -> list[str]:
    """What Telegram would refuse in `text` (parse_mode HTML); empty when it is fine."""
    problems = [_french(text, p) for p in scan(text)]
    if not problems and visible_length(text) > VISIBLE_LIMIT:
        problems.append(f"Le message dépasse {VISIBLE_LIMIT} caractères une fois mis en forme.")
    return problems[:SHOWN]
