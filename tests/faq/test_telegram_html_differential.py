"""The Telegram HTML checker against Telegram's parser, over thousands of generated texts.

`faq.telegram_html.scan` (with the length limit: `handlers.broadcast.html_check.html_problems`) decides
whether a staff broadcast may be sent; the fake Bot API's parser (`tests/fakebotapi/html_parser.py`,
a port of tdlib's) decides what Telegram would refuse, through `format_text` as sendMessage does (entities
parsed, the text trimmed, empty or too long refused). A text the checker accepts and the parser refuses
is a broadcast that fails for every recipient: there must be none. The other way round (the checker
stricter than Telegram: tags inside <code>, unknown attributes, links that are not links…) only asks
staff to fix something Telegram would have taken or silently dropped; it is kept small.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from faq.telegram_html import MAX_MESSAGE, scan, visible_length
from handlers.broadcast.html_check import html_problems
from tests.fakebotapi.errors import ApiError
from tests.fakebotapi.validation import format_text

TEXTS = 20_000
SEED = 12

WORDS = ["Bonjour", "fête", "jeudi", "R", "1 > 0", "a>b", "émoji 🎉", "l'équipe", '"cité"', "x", "2024", "Ça"]
SPACES = [" ", "  ", "\n", "\t", "\n\n", " \n ", "\u00a0", "\u2003", "\u2800", "\r\n", "\v", "\f"]
STRAYS = ["<", ">", "&", "<<", "a<b", "< b", "<>", "</>", "</ b>", "<3", "&&", "& ", " &", "&;", "<!-- x -->", "<!x>"]
ENTITIES = [
    *["&lt;", "&gt;", "&amp;", "&quot;", "&lt", "&amp", "&gtx", "&amp1", "&quot;;"],  # named (the ';' is optional)
    *["&nbsp;", "&eacute;", "&LT;", "&Amp;", "&apos;", "&foo;", "&", "&lt ;"],  # not known to Telegram
    *["&#233;", "&#65;", "&#128512;", "&#0065;", "&#1;", "&#9;", "&#10;", "&#13;", "&#27;", "&#32;", "&#160;"],
    *["&#0;", "&#;", "&#1114111;", "&#1114110;", "&#1114112;", "&#55296;", "&#57343;", "&#99999999;"],
    *["&#0000065;", "&#00000065;", "&#65x", "&#65", "&# 65;", "&#-1;", "&#8232;", "&#8238;", "&#65279;"],
    *["&#x41;", "&#xe9;", "&#xE9;", "&#X41;", "&#x;", "&#x0;", "&#xD800;", "&#xdfff;", "&#x10FFFF;"],
    *["&#x10fffe;", "&#x110000;", "&#x0000041;", "&#x000041;", "&#x41g", "&#x1F600;", "&#x2028;", "&#xFEFF;"],
]
LINKS = [
    "https://www.villes-internet.net",
    "http://x.fr/a?b=1&amp;c=2",
    "x.fr",
    "tg://user?id=1",
    "mailto:a@b.fr",
    "javascript:alert(1)",
    "",
    "https://",
    "{site_web}",
    "https://x.fr/<b>",
    "https://x.fr/a b",
]
# Tag name -> attributes (name, value or None for no value) it is written with.
ATTRIBUTES: dict[str, list[list[tuple[str, str | None]]]] = {
    "a": [
        *([("href", link)] for link in LINKS),
        *([], [("HREF", LINKS[0])], [("href", LINKS[0]), ("target", "x")]),
    ],
    "span": [
        *([("class", "tg-spoiler")], [("class", "TG-SPOILER")], [("CLASS", "tg-spoiler")], [("class", "x")], []),
        *([("class", "tg-spoiler"), ("class", "x")], [("class", "tg-x"), ("class", "tg-spoiler")], [("class", "tg-x")]),
    ],
    "tg-emoji": [
        *([("emoji-id", "5368324170671202286")], [("emoji-id", "abc")], [("emoji-id", "0")], []),
        *([("emoji-id", "99999999999999999999")], [("EMOJI-ID", "1")], [("emoji-id", "")]),
    ],
    "code": [[], [("class", "language-python")], [("class", "language-Py")], [("class", "x")]],
    "blockquote": [[], [("expandable", None)], [("expandable", "")], [("EXPANDABLE", None)]],
    "pre": [[], [("class", "x")]],
}
SIMPLE = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler"]
UNKNOWN = ["p", "br", "div", "tg-foo", "B", "Strong", "I", "script", "img", "sup"]


def attribute(rng: random.Random, name: str, value: str | None) -> str:
    if value is None:
        return f" {name}"
    quoted = rng.choice(['"{}"', "'{}'", "{}", "{}", '"{}', " = '{}'", "={}'"])
    return f" {name}={quoted.format(value)}" if not quoted.startswith(" ") else f" {name}{quoted.format(value)}"


def tag(rng: random.Random, depth: int) -> str:
    name = rng.choice(SIMPLE + list(ATTRIBUTES) + ["tg-spoiler", "a", "span"] + (UNKNOWN if rng.random() < 0.2 else []))
    written = name.upper() if rng.random() < 0.05 else name
    attributes = "".join(attribute(rng, *a) for a in rng.choice(ATTRIBUTES.get(name, [[]])))
    if rng.random() < 0.05:
        attributes += rng.choice([" x", " =x", ' x"y', " /", " x=", " x='", "\u00a0", " x=a/b"])
    end = rng.choice([">"] * 12 + [" >", "\n>", "/>", " />", ""])
    inner = text(rng, depth + 1) if rng.random() < 0.85 else rng.choice(["", " ", "\n"])
    closing = rng.choice([f"</{written}>"] * 14 + [f"</{name.upper()}>", f"</{name} >", "</>", f"</{name} x>", ""])
    if rng.random() < 0.04:
        closing = f"</{rng.choice(SIMPLE)}>"
    return f"<{written}{attributes}{end}{inner}{closing}"


def text(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randrange(1, 5 if depth else 8)):
        kind = rng.random()
        if kind < 0.35:
            parts.append(rng.choice(WORDS))
        elif kind < 0.5:
            parts.append(rng.choice(SPACES))
        elif kind < 0.58:
            parts.append(rng.choice(STRAYS))
        elif kind < 0.75:
            parts.append(rng.choice(ENTITIES))
        elif depth < 3:
            parts.append(tag(rng, depth))
    return "".join(parts)


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for number in range(count):
        written = text(rng)
        if number % 50 == 0:  # near Telegram's length limit
            written = rng.choice(["a", "&amp;", "é", "🎉", "<b>x</b>"]) * rng.randrange(800, 4200) + written
        elif number % 17 == 0:  # nothing visible once parsed
            written = rng.choice(["<b></b>", "<i> </i>", "&#32;", "\n", "<b>&#10;</b>", "<tg-spoiler>\t</tg-spoiler>"])
        texts.append(written)
    return texts


# Pieces of HTML syntax thrown together: the odd parses (a tag name ending in '/', '<' inside a tag,
# a NUL, half of an emoji…) that well-formed fragments never reach.
SOUP = [
    *["<", ">", "&", "#", "x", "X", ";", "/", "=", '"', "'", " ", "\n", "\t", "\0", "\x01", "\u00a0", "\ud83d", "é"],
    *["🎉", "b", "a", "i", "href", "span", "class", "tg-spoiler", "tg-emoji", "emoji-id", "code", "pre", "blockquote"],
    *["expandable", "language-py", "tg-", "lt", "amp", "quot", "0", "1", "5", "9", "D800", "10FFFF", "https://x.fr"],
    *["</", "<b>", "</b>", "<a href=", "&#", "&#x"],
]


def soup(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(SOUP) for _ in range(rng.randrange(1, 30))) for _ in range(count)]


def telegram_accepts(written: str) -> bool:
    try:
        format_text(written, "HTML")
    except ApiError:
        return False
    return True


def checker_accepts(written: str) -> bool:
    return not scan(written) and visible_length(written) <= MAX_MESSAGE


class Verdicts(list):
    """(text, accepted by the checker, accepted by Telegram) for every generated text."""

    def __repr__(self) -> str:  # pytest shows the fixture's value: not 20,000 texts
        return f"<{len(self)} verdicts>"


@pytest.fixture(scope="module", params=["fragments", "soup"])
def verdicts(request) -> Verdicts:
    texts = generated(TEXTS, SEED) if request.param == "fragments" else soup(TEXTS, SEED)
    return Verdicts((t, checker_accepts(t), telegram_accepts(t)) for t in texts)


def test_no_text_the_checker_accepts_is_refused_by_telegram(verdicts):
    refused = [t for t, checker, telegram in verdicts if checker and not telegram]
    assert refused[:10] == [], f"{len(refused)} of {len(verdicts)} texts accepted, then refused by Telegram"


def test_the_checker_is_rarely_stricter_than_telegram(verdicts):
    counts = Counter((checker, telegram) for _, checker, telegram in verdicts)
    print(f"\nchecker/telegram over {len(verdicts)} texts: {dict(counts)}")
    # The generated texts cover both sides (not a checker refusing everything, nor texts all valid).
    assert counts[True, True] > len(verdicts) // 10 and counts[False, False] > len(verdicts) // 10
    stricter = counts[False, True]
    assert stricter < len(verdicts) // 10


def test_broadcasts_are_checked_by_the_same_rules(verdicts):
    """html_problems (the French wording shown to staff) refuses exactly what the checker refuses."""
    assert [t for t, checker, _ in verdicts[:3000] if (html_problems(t) == []) != checker] == []
