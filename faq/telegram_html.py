"""Small checker for the HTML subset accepted by Telegram (parse_mode=HTML).

Supported: b strong i em u ins s strike del, span class="tg-spoiler",
tg-spoiler, a href="...", tg-emoji emoji-id="...", code (class="language-x"),
pre, blockquote (expandable); entities &lt; &gt; &amp; &quot; and numeric
ones.  Anything else (<br>, <p>, &nbsp;, a bare '<' or '&', unbalanced or
crossed tags, tags inside <code>/<pre>) is reported.  A bare '>' is
tolerated, as Telegram does.  Pure functions, no Telegram library.
"""

from __future__ import annotations

import html
import re

MAX_MESSAGE = 4096
"""Telegram limit, in UTF-16 code units of the visible (parsed) text."""

_ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "b": frozenset(), "strong": frozenset(), "i": frozenset(), "em": frozenset(),
    "u": frozenset(), "ins": frozenset(), "s": frozenset(), "strike": frozenset(),
    "del": frozenset(), "tg-spoiler": frozenset(), "pre": frozenset(),
    "span": frozenset({"class"}), "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}), "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_TOKEN = re.compile(r"<[^<>]*>|<|&[^\s;&<>]*;?")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>\Z")
_ATTR = re.compile(r"""([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});\Z")
_STRIP = re.compile(r"<[^<>]*>")


def _check_attrs(name: str, attr_text: str) -> list[str]:
    errors: list[str] = []
    attrs = {m.group(1).lower(): (m.group(2) or "").strip("\"'")
             for m in _ATTR.finditer(attr_text)}
    for attr in attrs:
        if attr not in _ALLOWED_ATTRS[name]:
            errors.append(f"attribute '{attr}' not supported on <{name}>")
    if name == "a" and not attrs.get("href"):
        errors.append("<a> without href")
    if name == "span" and attrs.get("class") != "tg-spoiler":
        errors.append('<span> must be <span class="tg-spoiler">')
    if name == "code" and "class" in attrs and not attrs["class"].startswith("language-"):
        errors.append("<code class> must be language-...")
    if name == "tg-emoji" and not attrs.get("emoji-id"):
        errors.append("<tg-emoji> without emoji-id")
    return errors


def check_html(text: str) -> list[str]:
    """Problems of ``text`` as Telegram HTML (empty list if valid)."""
    errors: list[str] = []
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        where = f"at char {match.start() + 1}"
        if token.startswith("&"):
            if not _ENTITY.match(token):
                errors.append(f"bare '&' or unsupported entity {token[:12]!r} {where} (use &amp;)")
            continue
        tag = _TAG.match(token)
        if tag is None:
            errors.append(f"bare '<' or malformed tag {token[:20]!r} {where} (use &lt;)")
            continue
        closing, name, attr_text, selfclose = tag.groups()
        name = name.lower()
        if name not in _ALLOWED_ATTRS:
            errors.append(f"unsupported tag <{name}> {where}")
            continue
        if selfclose:
            errors.append(f"self-closing <{name}/> not supported {where}")
            continue
        if closing:
            if not stack:
                errors.append(f"closing </{name}> without opening tag {where}")
            elif stack[-1] != name:
                errors.append(f"</{name}> closes <{stack[-1]}> {where} (unbalanced tags)")
                if name in stack:
                    del stack[stack.index(name):]
            else:
                stack.pop()
            continue
        if stack and stack[-1] in ("code", "pre") and not (stack[-1] == "pre" and name == "code"):
            errors.append(f"<{name}> not allowed inside <{stack[-1]}> {where}")
        errors.extend(f"{e} {where}" for e in _check_attrs(name, attr_text))
        stack.append(name)
    for name in reversed(stack):
        errors.append(f"<{name}> never closed")
    return errors


def visible_text(text: str) -> str:
    """Text as displayed by Telegram: tags removed, entities decoded."""
    return html.unescape(_STRIP.sub("", text))


def visible_length(text: str) -> int:
    """Length counted the Telegram way (UTF-16 code units)."""
    return len(visible_text(text).encode("utf-16-le")) // 2
