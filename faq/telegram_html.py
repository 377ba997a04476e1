"""The one checker for the HTML subset Telegram accepts (parse_mode=HTML).

`scan` returns structured problems (kind, position, tag, detail); callers word them for their
readers: `check_html` here in English for the FAQ file errors, `handlers.broadcast.html_check` in French
for staff broadcasts.

Supported: b strong i em u ins s strike del, span class="tg-spoiler", tg-spoiler,
a href="...", tg-emoji emoji-id="...", code (class="language-x"), pre, blockquote
(expandable); entities &lt; &gt; &amp; &quot; and numeric ones.  Anything else (<br>, <p>,
&nbsp;, a bare '<' or '&', unbalanced or crossed tags, tags inside <code>/<pre>, a link inside
a link) is reported.  A bare '>' is tolerated, as Telegram does.  Pure functions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_MESSAGE = 4096
"""Telegram limit, in UTF-16 code units of the visible (parsed) text."""

ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "b": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "em": frozenset(),
    "u": frozenset(),
    "ins": frozenset(),
    "s": frozenset(),
    "strike": frozenset(),
    "del": frozenset(),
    "tg-spoiler": frozenset(),
    "pre": frozenset(),
    "span": frozenset({"class"}),
    "a": frozenset({"href"}),
    "tg-emoji": frozenset({"emoji-id"}),
    "code": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}),
}
_TOKEN = re.compile(r"<[^<>]*>|<|&[^\s;&<>]*;?")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*(/?)>\Z")
_ATTR = re.compile(r"""([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});\Z")
_LINK = re.compile(r"^(https?://[^\s<>\"]+|tg://\S+|mailto:\S+)$")
_STRIP = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class HtmlProblem:
    """One thing Telegram would refuse. `kind` is one of the names listed in `_ENGLISH`."""

    kind: str
    position: int  # 0-based character offset in the text
    tag: str = ""
    detail: str = ""  # the offending token, attribute, or the tag expected to close


def _attr_problems(name: str, attr_text: str, position: int) -> list[HtmlProblem]:
    problems: list[HtmlProblem] = []
    attrs = {m.group(1).lower(): (m.group(2) or "").strip("\"'") for m in _ATTR.finditer(attr_text)}
    problems += [HtmlProblem("bad_attribute", position, name, a) for a in attrs if a not in ALLOWED_ATTRS[name]]
    if name == "a":
        href = html.unescape(attrs.get("href", ""))
        if not href:
            problems.append(HtmlProblem("a_without_href", position, name))
        elif not _LINK.match(href):
            problems.append(HtmlProblem("bad_link", position, name, href))
    if name == "span" and attrs.get("class") != "tg-spoiler":
        problems.append(HtmlProblem("span_class", position, name))
    if name == "code" and "class" in attrs and not attrs["class"].startswith("language-"):
        problems.append(HtmlProblem("code_class", position, name))
    if name == "tg-emoji" and not attrs.get("emoji-id"):
        problems.append(HtmlProblem("emoji_id", position, name))
    return problems


def scan(text: str) -> list[HtmlProblem]:
    """Every problem of ``text`` as Telegram HTML, in order (empty list if valid)."""
    problems: list[HtmlProblem] = []
    stack: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        token, position = match.group(0), match.start()
        if token.startswith("&"):
            if not _ENTITY.match(token):
                problems.append(HtmlProblem("bad_ampersand", position, detail=token[:12]))
            continue
        tag = _TAG.match(token)
        if tag is None:
            problems.append(HtmlProblem("bare_lt", position, detail=token[:20]))
            continue
        closing, name, attr_text, selfclose = tag.groups()
        name = name.lower()
        if name not in ALLOWED_ATTRS:
            problems.append(HtmlProblem("unsupported_tag", position, name))
        elif selfclose:
            problems.append(HtmlProblem("self_closing", position, name))
        elif closing:
            if not stack:
                problems.append(HtmlProblem("stray_close", position, name))
            elif stack[-1][0] != name:
                problems.append(HtmlProblem("crossed_close", position, name, stack[-1][0]))
                if any(opened == name for opened, _ in stack):
                    del stack[[opened for opened, _ in stack].index(name) :]
            else:
                stack.pop()
        else:
            if stack and stack[-1][0] in ("code", "pre") and not (stack[-1][0] == "pre" and name == "code"):
                problems.append(HtmlProblem("inside_code", position, name, stack[-1][0]))
            if name == "a" and any(opened == "a" for opened, _ in stack):
                problems.append(HtmlProblem("nested_link", position, name))
            problems += _attr_problems(name, attr_text, position)
            stack.append((name, position))
    problems += [HtmlProblem("never_closed", position, name) for name, position in reversed(stack)]
    return problems


_ENGLISH = {
    "bad_ampersand": "bare '&' or unsupported entity {detail!r} (use &amp;)",
    "bare_lt": "bare '<' or malformed tag {detail!r} (use &lt;)",
    "unsupported_tag": "unsupported tag <{tag}>",
    "self_closing": "self-closing <{tag}/> not supported",
    "stray_close": "closing </{tag}> without opening tag",
    "crossed_close": "</{tag}> closes <{detail}> (unbalanced tags)",
    "inside_code": "<{tag}> not allowed inside <{detail}>",
    "nested_link": "<a> inside another <a>",
    "bad_attribute": "attribute '{detail}' not supported on <{tag}>",
    "a_without_href": "<a> without href",
    "bad_link": "<a href> must be a http(s)://, tg:// or mailto: link",
    "span_class": '<span> must be <span class="tg-spoiler">',
    "code_class": "<code class> must be language-...",
    "emoji_id": "<tg-emoji> without emoji-id",
    "never_closed": "<{tag}> never closed",
}


def check_html(text: str, *, placeholders_in_links: bool = True) -> list[str]:
    """Problems of ``text`` in English (empty list if valid).

    With ``placeholders_in_links`` an href such as ``{site_web}``, filled in later, is accepted.
    """
    messages = []
    for problem in scan(text):
        if problem.kind == "bad_link" and placeholders_in_links and "{" in problem.detail:
            continue
        where = "" if problem.kind == "never_closed" else f" at char {problem.position + 1}"
        messages.append(_ENGLISH[problem.kind].format(tag=problem.tag, detail=problem.detail) + where)
    return messages


def visible_text(text: str) -> str:
    """Text as displayed by Telegram: tags removed, entities decoded."""
    return html.unescape(_STRIP.sub("", text))


def visible_length(text: str) -> int:
    """Length counted the Telegram way (UTF-16 code units)."""
    return len(visible_text(text).encode("utf-16-le")) // 2
