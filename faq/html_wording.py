"""The FAQ file's errors about Telegram HTML, in English for the staff editing it: each problem
found by `faq.telegram_html.scan`, worded, with where it is in the answer."""

from __future__ import annotations

from faq.telegram_html import POSITIONLESS, scan

_ENGLISH = {
    "bad_ampersand": "bare '&' or unsupported entity {detail!r} (use &amp;)",
    "bad_entity": "{detail!r} is not a character Telegram accepts (write the character itself)",
    "bare_lt": "bare '<' or malformed tag {detail!r} (use &lt;)",
    "malformed_tag": "malformed tag {detail!r}",
    "unquoted_value": "the value of '{detail}' on <{tag}> must be quoted (\"...\")",
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
    "emoji_id": "<tg-emoji> without a numeric emoji-id",
    "never_closed": "<{tag}> never closed",
    "empty": "nothing left to show once the HTML is parsed",
}


def check_html(text: str, *, placeholders_in_links: bool = True) -> list[str]:
    """Problems of ``text`` in English (empty list if valid).

    With ``placeholders_in_links`` an href such as ``{site_web}``, filled in later, is accepted.
    """
    messages = []
    for problem in scan(text):
        if problem.kind == "bad_link" and placeholders_in_links and "{" in problem.detail:
            continue
        where = "" if problem.kind in POSITIONLESS else f" at char {problem.position + 1}"
        messages.append(_ENGLISH[problem.kind].format(tag=problem.tag, detail=problem.detail) + where)
    return messages
