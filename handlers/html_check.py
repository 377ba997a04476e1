"""Check a staff-written text against Telegram's HTML before it is sent to anyone.

Telegram refuses a whole message for one bad tag; a broadcast must never fail that way
for thousands of people. Accepted: b strong i em u ins s strike del, a href, code, pre,
blockquote, tg-spoiler / span class="tg-spoiler", and the entities &lt; &gt; &amp; &quot;
&#NN;. Problems are described in French, with the place they occur.
"""

from __future__ import annotations

import html
import re

from handlers.ui import esc

VISIBLE_LIMIT = 4096
ALLOWED: dict[str, frozenset[str]] = {
    **{name: frozenset() for name in ("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "pre", "tg-spoiler")},
    "a": frozenset({"href"}),
    "code": frozenset({"class"}),
    "span": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*>")
_ATTR = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_LINK = re.compile(r"^(https?://[^\s<>\"]+|tg://\S+|mailto:\S+)$")


def _near(text: str, position: int) -> str:
    snippet = text[max(0, position - 15) : position + 15].replace("\n", " ")
    return f" (près de « {esc(snippet)} »)"


def html_problems(text: str) -> list[str]:
    """What Telegram would refuse in `text` (parse_mode HTML); empty when it is fine."""
    problems: list[str] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text) and len(problems) < 5:
        char = text[i]
        if char == "&":
            entity = _ENTITY.match(text, i)
            if entity is None:
                problems.append("Le caractère « &amp; » doit s'écrire <code>&amp;amp;</code>" + _near(text, i))
                i += 1
            else:
                i = entity.end()
            continue
        if char != "<":
            i += 1
            continue
        tag = _TAG.match(text, i)
        if tag is None:
            problems.append("Le caractère « &lt; » doit s'écrire <code>&amp;lt;</code>" + _near(text, i))
            i += 1
            continue
        closing, name, attrs = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
        if name not in ALLOWED:
            problems.append(f"La balise <code>&lt;{esc(name)}&gt;</code> n'existe pas sur Telegram" + _near(text, i))
        elif closing:
            if not stack or stack[-1][0] != name:
                expected = f" (attendu : <code>&lt;/{stack[-1][0]}&gt;</code>)" if stack else ""
                problems.append(f"<code>&lt;/{name}&gt;</code> ferme une balise qui n'est pas ouverte{expected}" + _near(text, i))
            else:
                stack.pop()
        else:
            problems += _check_opening(text, i, name, attrs, stack)
            stack.append((name, i))
        i = tag.end()
    for name, position in reversed(stack):
        problems.append(f"La balise <code>&lt;{name}&gt;</code> n'est jamais fermée" + _near(text, position))
    if not problems and visible_length(text) > VISIBLE_LIMIT:
        problems.append(f"Le message dépasse {VISIBLE_LIMIT} caractères une fois mis en forme.")
    return problems[:5]


def _check_opening(text: str, position: int, name: str, attrs: str, stack: list[tuple[str, int]]) -> list[str]:
    problems = []
    values = {m.group(1).lower(): (m.group(2) or "").strip("\"'") for m in _ATTR.finditer(attrs)}
    unknown = set(values) - ALLOWED[name]
    if unknown:
        problems.append(
            f"L'attribut <code>{esc(sorted(unknown)[0])}</code> n'est pas accepté sur "
            f"<code>&lt;{name}&gt;</code>" + _near(text, position)
        )
    if name == "a" and not _LINK.match(html.unescape(values.get("href", ""))):
        problems.append("Le lien doit commencer par https:// (<code>&lt;a href=\"https://…\"&gt;</code>)" + _near(text, position))
    if name == "span" and values.get("class") != "tg-spoiler":
        problems.append("<code>&lt;span&gt;</code> n'est accepté qu'avec class=\"tg-spoiler\"" + _near(text, position))
    if stack and stack[-1][0] in ("code", "pre") and not (name == "code" and stack[-1][0] == "pre"):
        problems.append("Pas de mise en forme à l'intérieur de <code>&lt;code&gt;</code> ou <code>&lt;pre&gt;</code>" + _near(text, position))
    if name == "a" and any(opened == "a" for opened, _ in stack):
        problems.append("Un lien ne peut pas contenir un autre lien" + _near(text, position))
    return problems


def visible_length(text: str) -> int:
    """Length of the text as the reader sees it, in UTF-16 units as Telegram counts."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2
