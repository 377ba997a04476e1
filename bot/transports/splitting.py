"""Split an HTML text longer than Telegram's 4096 characters on paragraph boundaries.

Cuts fall between paragraphs, else lines, else words, never inside a tag or an entity;
tags open at a cut are closed and reopened so each part is valid HTML on its own.
"""

from __future__ import annotations

import re

LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    budget = limit - 100  # room for closing and reopening tags
    while len(rest) > limit:
        cut = _cut_point(rest, budget)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip("\n ")
        opened = _open_tags(head)
        if opened:
            head += "".join(f"</{name}>" for name, _ in reversed(opened))
            rest = "".join(f"<{name}{attrs}>" for name, attrs in opened) + rest
        parts.append(head)
    if rest.strip():
        parts.append(rest)
    return parts


def _cut_point(text: str, budget: int) -> int:
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, budget)
        while cut > 0 and _inside_markup(text, cut):
            cut = text.rfind(separator, 0, cut)
        if cut > budget // 4:
            return cut
    cut = budget
    while cut > 0 and _inside_markup(text, cut):
        cut -= 1
    return cut or budget


def _inside_markup(text: str, index: int) -> bool:
    last_open, last_close = text.rfind("<", 0, index), text.rfind(">", 0, index)
    if last_open > last_close:
        return True
    amp = text.rfind("&", 0, index)
    return amp != -1 and ";" not in text[amp:index] and index - amp < 10 and ";" in text[index : amp + 10]


def _open_tags(html_text: str) -> list[tuple[str, str]]:
    stack: list[tuple[str, str]] = []
    for closing, name, attrs in _TAG.findall(html_text):
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        else:
            stack.append((name, attrs))
    return stack
